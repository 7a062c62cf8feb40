import { describe, expect, it } from '@jest/globals';
import { InvalidPlanError } from '../../../lib/errors.js';
import { checkPlan } from '../../../lib/data-backfills/plan-check.js';
import { planSchema, type Plan } from '../../../lib/data-backfills/plan.schema.js';
import type { SchemaCatalogue } from '../../../lib/data-backfills/schema-catalogue.js';

const catalogue: SchemaCatalogue = {
  readable: new Map([
    ['orders', new Set(['id', 'tenant_id', 'status', 'total_minor', 'updated_at'])],
    ['connections', new Set(['id', 'tenant_id', 'platform', 'status'])],
    ['job_tasks', new Set(['id', 'status'])],
  ]),
  writable: new Map([
    ['orders', new Set(['id', 'tenant_id', 'status', 'total_minor', 'updated_at'])],
    ['connections', new Set(['tenant_id', 'platform', 'status'])],
  ]),
  uniqueKeys: new Map([
    ['orders', [['id']]],
    ['connections', [['id']]],
  ]),
};

const base = {
  name: 'stamp',
  operation: { kind: 'sql-update', table: 'orders', key: ['id'], where: "status = 'legacy'", set: { status: "'stamped'" }, batch_size: 100 },
  throttle: { per_minute: 6 },
};
const plan = (change: Record<string, unknown> = {}, operation: Record<string, unknown> = {}): Plan => planSchema.parse({ ...base, ...change, operation: { ...base.operation, ...operation } });
const refusal = (p: Plan) => {
  try {
    checkPlan(p, catalogue);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidPlanError);
    return (error as Error).message;
  }
  throw new Error('the plan was accepted');
};

describe('checkPlan', () => {
  it('keeps the fragments as re-written, the key and batch size', () => {
    const checked = checkPlan(plan({ health: { where: "status <> 'stamped'" } }), catalogue);
    expect(checked.operation).toEqual({
      kind: 'sql-update',
      table: 'orders',
      key: ['id'],
      where: { text: '`status` = :sluice_p0', params: ['legacy'] },
      set: [{ column: 'status', value: { text: ':sluice_p0', params: ['stamped'] } }],
      batchSize: 100,
    });
    expect(checked.healthWhere).toEqual({ text: '`status` <> :sluice_p0', params: ['stamped'] });
    expect(checked.soak).toEqual([]);
  });

  it.each([
    [{}, { table: 'job_tasks' }, /^operation\.table: "job_tasks" is not a Sluice table a plan may change \(one of connections, orders\)/],
    [{}, { table: 'nope' }, /^operation\.table: "nope"/],
    [{}, { key: ['id', 'order_id'] }, /^operation\.key\[1\]: "order_id" is not a column of orders/],
    [{}, { set: { state: "'x'" } }, /^operation\.set\.state: not a column of orders/],
    [{}, { set: { id: '1' } }, /^operation\.set\.id: a key column cannot change/],
    [{}, { set: { status: 'old_status' } }, /^operation\.set\.status: names "old_status"/],
    [{}, { where: 'sttus = 1' }, /^operation\.where: names "sttus"/],
    [{}, { key: ['tenant_id'] }, /^operation\.key: \[tenant_id\] does not name one row of orders/],
    [{}, { where: "status = 'x\\' OR 1=1 -- '" }, /^operation\.where: holds a backslash/],
    [{}, { where: 'status = "legacy"' }, /^operation\.where: writes a double quote string/],
    [{}, { set: { status: "status || ' (fixed)'" } }, /^operation\.set\.status: uses \|\|/],
    [{}, { set: { updated_at: 'NOW()' } }, /^operation\.set\.updated_at: must give the same value each time/],
    [{}, { table: 'connections', set: { status: 'access_token_enc' } }, /^operation\.set\.status: names "access_token_enc"/],
    [{ soak: { duration_s: 60, interval_s: 10, checks: [{ name: 'a', sql: 'SELECT LENGTH(access_token_enc) AS value FROM connections', op: '>', threshold: 0 }] } }, {}, /^soak\.checks\[0\]\.sql: names "access_token_enc"/],
    [{ soak: { duration_s: 60, interval_s: 10, checks: [{ name: 'a', sql: 'SELECT COUNT(*) AS value FROM otherdb.orders', op: '>', threshold: 0 }] } }, {}, /^soak\.checks\[0\]\.sql: reads "otherdb\.orders"/],
    [{}, { table: 'connections', set: { access_token_enc: "'x'" } }, /^operation\.set\.access_token_enc: not a column of connections a plan may set/],
    [{ health: { where: "nope = 'legacy'" } }, {}, /^health\.where: names "nope"/],
    [{ soak: { duration_s: 60, interval_s: 10, checks: [{ name: 'a', sql: 'SELECT 1 AS value FROM orders', op: '>', threshold: 0 }, { name: 'b', sql: 'DELETE FROM orders', op: '>', threshold: 0 }] } }, {}, /^soak\.checks\[1\]\.sql: must be a SELECT/],
    [{ soak: { duration_s: 60, interval_s: 10, checks: [{ name: 'a', sql: 'SELECT 1 AS value FROM orders', op: '>', threshold: 0 }, { name: 'a', sql: 'SELECT 2 AS value FROM orders', op: '>', threshold: 0 }] } }, {}, /^soak\.checks\[1\]\.name: "a" is named twice/],
  ])('refuses %j %j naming the field', (change, operation, message) => {
    expect(refusal(plan(change, operation))).toMatch(message);
  });

  it('checks a sluice-job plan: targets over connections, listed ids once each', () => {
    const jobs = { name: 'refetch', throttle: { per_minute: 20 }, operation: { kind: 'sluice-job', targets: { platform: 'youtube', where: "tenant_id = 'acme'" }, job: { type: 'data-collection', start_date: '2026-01-01', end_date: '2026-03-31', force: true } } };
    expect(checkPlan(planSchema.parse(jobs), catalogue).operation).toMatchObject({ kind: 'sluice-job', platform: 'youtube', where: { text: '`tenant_id` = :sluice_p0', params: ['acme'] }, connectionIds: null });
    expect(checkPlan(planSchema.parse({ ...jobs, operation: { ...jobs.operation, targets: { connection_ids: [3, 1, 3] } } }), catalogue).operation).toMatchObject({ connectionIds: [3, 1] });
    expect(refusal(planSchema.parse({ ...jobs, operation: { ...jobs.operation, targets: { platform: 'youtube', where: 'channel = 1' } } }))).toMatch(/^operation\.targets\.where: names "channel"/);
  });
});

describe('planSchema', () => {
  it.each([
    [{ soak: { duration_s: 1, interval_s: 1, checks: [{ name: 'a', sql: 'SELECT 1 AS value', op: '>', threshold: 'high' }] } }, 'threshold'],
    [{ operation: { ...base.operation, key: undefined } }, 'key'],
    [{ operation: { ...base.operation, key: ['id; drop'] } }, 'key'],
    [{ operation: { ...base.operation, set: {} } }, 'set'],
    [{ throttle: { per_minute: 0 } }, 'per_minute'],
    [{ name: 'Has Spaces' }, 'name'],
    [{ extra: true }, ''],
  ])('refuses %j', (change, field) => {
    const parsed = planSchema.safeParse({ ...base, ...change });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path.join('.')).toContain(field);
  });
});
