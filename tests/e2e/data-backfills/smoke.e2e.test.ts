import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeEachEngine } from '../../support/engines.js';
import { startSimulatedServer, type SimulatedServer } from '../../support/simulated-server.js';
import { toDbTime } from '../../../db/values.js';

const ADMIN = 'admin-token-for-tests';
const CRON = 'cron-secret-for-tests';

describeEachEngine('data backfill smoke', (engine) => {
  let server: SimulatedServer;
  beforeAll(async () => {
    server = await startSimulatedServer({ engine, admin: ADMIN, cron: CRON, client: { id: 'c', secret: 's' } });
    const t = toDbTime(new Date('2026-11-01T00:00:00Z'));
    const rows = Array.from({ length: 250 }, (_, i) => ({
      tenant_id: 'acme', platform: 'etsy', platform_id: `o${i}`, connection_id: 1, status: i % 5 === 0 ? 'paid' : 'legacy', currency: 'USD', total_minor: i, subtotal_minor: i, shipping_minor: 0, tax_minor: 0, discount_minor: 0, placed_at: t, platform_updated_at: t, updated_at: t,
    }));
    await server.database.db.insertInto('orders').values(rows).execute();
  });
  afterAll(() => server?.close());
  const call = async (path: string, options: { method?: string; body?: unknown; token?: string } = {}) => {
    const response = await fetch(`${server.url}${path}`, { method: options.method ?? 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token ?? ADMIN}` }, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
    return { status: response.status, body: (await response.json()) as any };
  };
  const dispatch = async () => { for (let i = 0; i < 20; i++) { const { body } = await call('/api/jobs/dispatch', { token: CRON }); if (body.remaining === 0) return; await new Promise((r) => setTimeout(r, 200)); } };

  it('plans, applies after approval, and rolls back', async () => {
    const plan = { name: 'stamp-legacy', operation: { kind: 'sql-update', table: 'orders', key: ['id'], where: "tenant_id = 'acme' AND status = 'legacy'", set: { status: "'stamped'" }, batch_size: 50 }, throttle: { per_minute: 600 } };
    const created = await call('/api/admin/data-backfills', { body: { plan } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'awaiting_approval', next_phase: 'apply', plan: { rows: 200, batches: 4 } });
    await dispatch();
    expect((await server.database.db.selectFrom('orders').select('id').where('status', '=', 'stamped').execute()).length).toBe(0);
    const approved = await call(`/api/admin/data-backfills/${created.body.id}/approve`, { body: { phase: 'apply', note: 'go' } });
    expect(approved.status).toBe(200);
    await dispatch();
    const after = await call(`/api/admin/data-backfills/${created.body.id}`, { method: 'GET' });
    expect(after.body).toMatchObject({ status: 'awaiting_approval', phase: 'apply', next_phase: 'health', apply: { batches_done: 4, rows_changed: 200 } });
    expect((await server.database.db.selectFrom('orders').select('id').where('status', '=', 'stamped').execute()).length).toBe(200);
    const artifacts = await call(`/api/admin/data-backfills/${created.body.id}/artifacts`, { method: 'GET' });
    expect(artifacts.status).toBe(200);
    const day = String(after.body.apply.started_at).slice(0, 10);
    expect(Object.keys(artifacts.body.files).sort()).toEqual(['backfill_logs/batch_001.json', 'backfill_logs/batch_002.json', 'backfill_logs/batch_003.json', 'backfill_logs/batch_004.json', 'backfill_logs/execution_results.json', `backfill_logs/rollback_${day}.sql`, 'backfill_summary.md']);
    expect(artifacts.body.files[`backfill_logs/rollback_${day}.sql`].match(/^UPDATE /gm)).toHaveLength(200);
    const rolled = await call(`/api/admin/data-backfills/${created.body.id}/rollback`);
    expect(rolled.status).toBe(200);
    await dispatch();
    const done = await call(`/api/admin/data-backfills/${created.body.id}`, { method: 'GET' });
    expect(done.body).toMatchObject({ status: 'completed', phase: 'rollback', rollback: { rows_restored: 200, conflicts: [] } });
    expect((await server.database.db.selectFrom('orders').select('id').where('status', '=', 'legacy').execute()).length).toBe(200);
    const bad = await call('/api/admin/data-backfills', { body: { plan: { ...plan, operation: { ...plan.operation, where: "nope = 1; DROP TABLE orders" } } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_plan');
  });

  it('a health check that could not run is approved again, with the database it lacked, and then completes', async () => {
    const plan = { name: 'stamp-paid', operation: { kind: 'sql-update', table: 'orders', key: ['id'], where: "tenant_id = 'acme' AND status = 'paid'", set: { status: "'settled'" }, batch_size: 100 }, throttle: { per_minute: 600 } };
    const created = await call('/api/admin/data-backfills', { body: { plan } });
    const id = created.body.id;
    await call(`/api/admin/data-backfills/${id}/approve`, { body: { phase: 'apply', note: 'go' } });
    await dispatch();
    await call(`/api/admin/data-backfills/${id}/approve`, { body: { phase: 'health', note: 'check' } });
    await dispatch();
    const failed = (await call(`/api/admin/data-backfills/${id}`, { method: 'GET' })).body;
    expect(failed).toMatchObject({ status: 'failed', phase: 'health', next_phase: 'health', failure: { phase: 'health', message: expect.stringContaining('no health database') } });
    expect(failed.message).toContain('approve health again');
    // Retrying the phase that failed needs no override; the database URL is kept sealed with the task.
    const again = await call(`/api/admin/data-backfills/${id}/approve`, { body: { phase: 'health', note: 'with the database', database_url: server.database.url } });
    expect(again.status).toBe(200);
    await dispatch();
    const done = (await call(`/api/admin/data-backfills/${id}`, { method: 'GET' })).body;
    expect(done).toMatchObject({ status: 'completed', phase: 'health', next_phase: null, health: { rows_remaining: 0 } });
    expect(done.approvals.map((a: any) => a.phase)).toEqual(['apply', 'health', 'health']);
    const payloads = await server.database.db.selectFrom('job_tasks').select('payload').where('kind', '=', 'sluice.data_backfill_health').execute();
    expect(payloads.map((p) => String(p.payload)).join(' ')).not.toContain(server.database.url);
  });

  it('pages a composite key column by column, each row once', async () => {
    const t = toDbTime(new Date('2026-11-01T00:00:00Z'));
    const entities = ['orders', 'listings', 'payments', 'products', 'customers'];
    await server.database.db.insertInto('sync_cursors').values(Array.from({ length: 40 }, (_, i) => ({ connection_id: 100 + Math.floor(i / 5), entity: entities[i % 5] as any, cursor_value: 'old', updated_at: t }))).execute();
    const plan = { name: 'reset-cursors', operation: { kind: 'sql-update', table: 'sync_cursors', key: ['connection_id', 'entity'], where: "cursor_value = 'old'", set: { cursor_value: "'new'" }, batch_size: 3 }, throttle: { per_minute: 6000 } };
    const created = await call('/api/admin/data-backfills', { body: { plan } });
    expect(created.body.plan).toMatchObject({ rows: 40, batches: 14 });
    await call(`/api/admin/data-backfills/${created.body.id}/approve`, { body: { phase: 'apply', note: 'go' } });
    await dispatch();
    const run = (await call(`/api/admin/data-backfills/${created.body.id}`, { method: 'GET' })).body;
    expect(run.apply).toMatchObject({ batches_done: 14, rows_changed: 40 });
    expect(await server.database.db.selectFrom('sync_cursors').select('id').where('cursor_value', '=', 'new').execute()).toHaveLength(40);
    const images = await server.database.db.selectFrom('data_backfill_rows').select('row_key').where('run_id', '=', created.body.id).execute();
    expect(new Set(images.map((r) => r.row_key)).size).toBe(40);
  });

  it('shows a run whose job a person cancelled through the jobs API as failed, not running forever', async () => {
    const plan = { name: 'stamp-cancelled', operation: { kind: 'sql-update', table: 'orders', key: ['id'], where: "tenant_id = 'acme' AND status = 'stamped'", set: { status: "'restamped'" }, batch_size: 100 }, throttle: { per_minute: 600 } };
    await server.database.db.updateTable('orders').set({ status: 'stamped' }).where('platform_id', 'in', ['o1', 'o2', 'o3']).execute();
    const created = await call('/api/admin/data-backfills', { body: { plan } });
    const id = created.body.id;
    await call(`/api/admin/data-backfills/${id}/approve`, { body: { phase: 'apply', note: 'go' } });
    // The job is cancelled before the dispatcher gets to the apply.
    expect((await call(`/api/admin/backfill/${created.body.job_id}`, { method: 'DELETE' })).status).toBe(200);
    const stalled = (await call(`/api/admin/data-backfills/${id}`, { method: 'GET' })).body;
    expect(stalled).toMatchObject({ status: 'failed', failure: { phase: 'apply', message: expect.stringContaining('ended without finishing') } });
  });

  it('rolls back while the apply runs: the apply stops at its next batch and every row it changed comes back', async () => {
    const t = toDbTime(new Date('2026-11-01T00:00:00Z'));
    await server.database.db.insertInto('orders').values(Array.from({ length: 30 }, (_, i) => ({
      tenant_id: 'slow', platform: 'etsy', platform_id: `s${i}`, connection_id: 1, status: 'legacy', currency: 'USD', total_minor: i, subtotal_minor: i, shipping_minor: 0, tax_minor: 0, discount_minor: 0, placed_at: t, platform_updated_at: t, updated_at: t,
    }))).execute();
    const plan = { name: 'slow-stamp', operation: { kind: 'sql-update', table: 'orders', key: ['id'], where: "tenant_id = 'slow' AND status = 'legacy'", set: { status: "'stamped'" }, batch_size: 10 }, throttle: { per_minute: 30 } };
    const created = await call('/api/admin/data-backfills', { body: { plan } });
    const id = created.body.id;
    await call(`/api/admin/data-backfills/${id}/approve`, { body: { phase: 'apply', note: 'go' } });
    const applying = call('/api/jobs/dispatch', { token: CRON });
    const batches = () => server.database.db.selectFrom('data_backfill_batches').select('id').where('run_id', '=', id).execute();
    for (let i = 0; i < 100 && (await batches()).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    const rolling = await call(`/api/admin/data-backfills/${id}/rollback`);
    expect(rolling.status).toBe(200);
    expect(rolling.body).toMatchObject({ status: 'running', phase: 'rollback' });
    await applying;
    await dispatch();
    const done = (await call(`/api/admin/data-backfills/${id}`, { method: 'GET' })).body;
    expect(done).toMatchObject({ status: 'completed', phase: 'rollback', rollback: { conflicts: [] } });
    expect(done.rollback.rows_restored).toBe(done.apply.rows_changed);
    expect(done.apply.rows_changed).toBeLessThan(30);
    expect(await server.database.db.selectFrom('orders').select('id').where('tenant_id', '=', 'slow').where('status', '=', 'legacy').execute()).toHaveLength(30);
  });

  it("logs a target whose job the connector's planner refuses, and goes on, instead of retrying it", async () => {
    const exchange = await call('/api/oauth/youtube/exchange', { body: { tenant_id: 'refused', code: 'sim-code-refused' } });
    expect(exchange.status).toBe(200);
    await dispatch(); // its initial backfill ends first: a target whose job is active is skipped, not refused
    const plan = { name: 'refetch-future', operation: { kind: 'sluice-job', targets: { connection_ids: [exchange.body.connection_id] }, job: { type: 'data-collection', start_date: '2099-01-01', end_date: '2099-01-02', force: true } }, throttle: { per_minute: 600 } };
    const created = await call('/api/admin/data-backfills', { body: { plan } });
    expect(created.status).toBe(201);
    await call(`/api/admin/data-backfills/${created.body.id}/approve`, { body: { phase: 'apply', note: 'go' } });
    await dispatch();
    const run = (await call(`/api/admin/data-backfills/${created.body.id}`, { method: 'GET' })).body;
    expect(run).toMatchObject({ status: 'awaiting_approval', phase: 'apply', apply: { batches_done: 1, rows_changed: 0 } });
    const [batch] = await server.database.db.selectFrom('data_backfill_batches').select('outcome').where('run_id', '=', created.body.id).execute();
    expect(batch!.outcome).toMatch(/^refused: .*end_date/);
    const [task] = await server.database.db.selectFrom('job_tasks').select('attempts').where('dedupe_key', '=', `data-backfill:${created.body.id}:apply`).execute();
    expect(Number(task!.attempts)).toBeLessThanOrEqual(1);
  });
});
