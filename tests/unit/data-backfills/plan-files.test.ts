import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { PLAN_SCHEMA_FILE, planSchemaFileText } from '../../../lib/data-backfills/plan-schema-file.js';
import { planSchema } from '../../../lib/data-backfills/plan.schema.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EXAMPLES = join(ROOT, 'examples/data-backfills');
const examples = readdirSync(EXAMPLES).filter((name) => name.endsWith('.json')).sort();
const read = (name: string) => JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as Record<string, any>;

describe('the plan files kept in the repository', () => {
  it(`${PLAN_SCHEMA_FILE} is the schema generated from planSchema (npm run schema:plan writes it)`, () => {
    expect(readFileSync(join(ROOT, PLAN_SCHEMA_FILE), 'utf8')).toBe(planSchemaFileText());
  });

  it('has both kinds of example', () => {
    // printify-cancelled-spelling.json is the README's walkthrough on the local database.
    expect(examples).toEqual(['printify-cancelled-spelling.json', 'stamp-legacy-orders.json', 'youtube-refetch.json']);
    expect(examples.map((name) => read(name).operation.kind)).toEqual(['sql-update', 'sql-update', 'sluice-job']);
    expect(read('stamp-legacy-orders.json')).toHaveProperty('soak.checks');
    expect(read('stamp-legacy-orders.json')).toHaveProperty('health.where');
  });

  const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(join(ROOT, PLAN_SCHEMA_FILE), 'utf8')) as object);
  it.each(examples)('%s is a valid plan for planSchema and for the published JSON Schema', (name) => {
    const plan = read(name);
    expect(planSchema.safeParse(plan).error?.issues ?? []).toEqual([]);
    expect(validate(plan) ? [] : validate.errors).toEqual([]);
  });

  it('the checks can fail: a threshold that is not a number is refused by both', () => {
    const plan = read('stamp-legacy-orders.json');
    plan.soak.checks[0].threshold = 'zero';
    expect(planSchema.safeParse(plan).success).toBe(false);
    expect(validate(plan)).toBe(false);
  });
});
