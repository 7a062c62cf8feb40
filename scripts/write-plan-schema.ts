/**
 * `npm run schema:plan`: writes docs/data-backfill-plan.schema.json from the zod plan schema, so
 * editors can validate plan files; a unit test fails when the file lags the schema.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PLAN_SCHEMA_FILE, planSchemaFileText } from '../lib/data-backfills/plan-schema-file.js';

const path = fileURLToPath(new URL(`../${PLAN_SCHEMA_FILE}`, import.meta.url));
writeFileSync(path, planSchemaFileText());
console.log(`wrote ${PLAN_SCHEMA_FILE}`);
