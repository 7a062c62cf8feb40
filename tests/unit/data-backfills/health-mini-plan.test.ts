import { describe, expect, it } from '@jest/globals';
import { miniPlanOf } from '../../../lib/data-backfills/health.task.js';
import { planSchema } from '../../../lib/data-backfills/plan.schema.js';

const soak = { duration_s: 60, interval_s: 10, checks: [{ name: 'c', sql: 'SELECT 1 AS value FROM orders', op: '>' as const, threshold: 0 }] };
const update = planSchema.parse({
  name: 'stamp-legacy',
  operation: { kind: 'sql-update', table: 'orders', key: ['id'], where: "tenant_id = 'acme' AND status = 'legacy'", set: { status: "'stamped'" }, batch_size: 500 },
  throttle: { per_minute: 6 },
  soak,
});
const jobs = planSchema.parse({
  name: 'refetch',
  operation: { kind: 'sluice-job', targets: { platform: 'youtube' }, job: { type: 'data-collection', start_date: '2026-01-01', end_date: '2026-01-31', force: true } },
  throttle: { per_minute: 20 },
});

describe('miniPlanOf', () => {
  it('is null when nothing remains', () => {
    expect(miniPlanOf(update, 0)).toBeNull();
  });

  it('is the same operation under its own name, without soak or health, and a plan planSchema takes as it is', () => {
    const mini = miniPlanOf(update, 37)!;
    expect(mini).toMatchObject({ name: 'stamp-legacy-mini', operation: update.operation, throttle: update.throttle });
    expect(mini).not.toHaveProperty('soak');
    expect(mini).not.toHaveProperty('health');
    expect(mini.description).toContain('37 rows');
    expect(planSchema.safeParse(mini)).toEqual({ success: true, data: mini });
  });

  it("selects what the health check counted: the plan's health.where when it names one", () => {
    const mini = miniPlanOf({ ...update, health: { where: "status = 'legacy'" } }, 5)!;
    expect(mini.operation).toMatchObject({ kind: 'sql-update', where: "status = 'legacy'" });
    const targets = miniPlanOf({ ...jobs, health: { where: "status = 'active'" } }, 2)!;
    expect(targets.operation).toMatchObject({ kind: 'sluice-job', targets: { platform: 'youtube', where: "status = 'active'" } });
    expect(targets.description).toContain('2 targets');
    expect(planSchema.safeParse(targets).success).toBe(true);
  });

  it('keeps a name planSchema takes when the plan name is long', () => {
    const long = { ...update, name: 'a'.repeat(62) };
    expect(planSchema.safeParse(miniPlanOf(long, 1)).success).toBe(true);
  });
});
