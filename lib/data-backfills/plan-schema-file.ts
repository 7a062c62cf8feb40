import { planJsonSchema } from './plan.schema.js';

/** Where the plan file's JSON Schema is kept in the repository (`npm run schema:plan` writes it). */
export const PLAN_SCHEMA_FILE = 'docs/data-backfill-plan.schema.json';

/** Pure: the file's text, as `npm run schema:plan` writes it and a test compares it. */
export function planSchemaFileText(): string {
  return `${JSON.stringify(planJsonSchema(), null, 2)}\n`;
}
