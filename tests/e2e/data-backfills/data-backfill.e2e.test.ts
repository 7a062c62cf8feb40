import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/database.js';
import { fromDbTime, toDbTime } from '../../../db/values.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startServerProcess } from '../../../dev/chaos/server-process.js';
import { tableChecksum } from '../../../lib/data-backfills/target-rows.repository.js';
import { latestReportDay } from '../../../lib/connectors/youtube/youtube-calendar.js';
import { addDays } from '../../../lib/shared/calendar-days.js';
import { describeEachEngine } from '../../support/engines.js';
import { startSimulatedServer, type SimulatedServer } from '../../support/simulated-server.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

// Issue 14's end-to-end tests, over HTTP through the local server: a table of 10,000 rows that
// need a stamp (acme's `legacy` orders) among rows that must not be touched (acme's paid orders,
// globex's legacy ones), taken through plan → apply → soak → health, a second run, a rollback
// with a conflict, a failing soak, bad plans, and a `sluice-job` plan over simulated channels.

const ADMIN = 'data-backfill-admin';
const CRON = 'data-backfill-cron';
const NEEDING = 10_000;
const BATCH = 500;
/** 20 batches 100 ms apart: the pacing shows in the logs in about two seconds. */
const PER_MINUTE = 600;
const ORDER_COLUMNS = ['id', 'tenant_id', 'platform', 'platform_id', 'connection_id', 'status', 'currency', 'total_minor', 'subtotal_minor', 'shipping_minor', 'tax_minor', 'discount_minor', 'placed_at', 'platform_updated_at', 'external_order_ref', 'cogs_minor', 'cogs_currency', 'updated_at'];

const stampPlan = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  operation: { kind: 'sql-update', table: 'orders', key: ['id'], where: "tenant_id = 'acme' AND status = 'legacy'", set: { status: "'stamped'" }, batch_size: BATCH },
  throttle: { per_minute: PER_MINUTE },
  ...extra,
});

/** Orders as the test seeds them: `count` rows of one tenant and status, platform ids from `prefix`. */
function orders(tenant: string, status: string, count: number, prefix: string) {
  const t = toDbTime(new Date('2026-11-01T00:00:00Z'));
  const later = toDbTime(new Date('2026-11-02T03:04:05.678Z'));
  return Array.from({ length: count }, (_, i) => ({
    tenant_id: tenant, platform: 'etsy', platform_id: `${prefix}${i}`, connection_id: 1, status, currency: 'USD', total_minor: i, subtotal_minor: i, shipping_minor: i % 7, tax_minor: 0, discount_minor: 0, placed_at: t, platform_updated_at: t, updated_at: later,
  }));
}

async function insertOrders(db: Kysely<Database>, rows: ReturnType<typeof orders>): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) await db.insertInto('orders').values(rows.slice(start, start + 500)).execute();
}

async function countOrders(db: Kysely<Database>, tenant: string, status: string): Promise<number> {
  const row = await db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenant).where('status', '=', status).executeTakeFirstOrThrow();
  return Number(row.n);
}

const checksum = (db: Kysely<Database>) => tableChecksum(db, 'orders', ORDER_COLUMNS, ['id']);

describeEachEngine('guarded data backfills end to end', (engine) => {
  let server: SimulatedServer;
  let db: Kysely<Database>;
  let other: TestDatabase;
  let seeded: string;

  beforeAll(async () => {
    server = await startSimulatedServer({ engine, admin: ADMIN, cron: CRON, client: { id: 'dbf-client', secret: 'dbf-secret' }, env: { YOUTUBE_BACKFILL_DAYS: '3', DISPATCH_CONCURRENCY: '2' } });
    db = server.database.db;
    await insertOrders(db, orders('acme', 'legacy', NEEDING, 'L'));
    await insertOrders(db, orders('acme', 'paid', 1_000, 'P'));
    await insertOrders(db, orders('globex', 'legacy', 2_000, 'G'));
    seeded = await checksum(db);
    // The "production" database health reads: migrated, with acme rows of its own still legacy.
    other = await createTestDatabase(engine);
    await insertOrders(other.db, orders('acme', 'legacy', 37, 'X'));
    await insertOrders(other.db, orders('acme', 'stamped', 5, 'Y'));
    await insertOrders(other.db, orders('globex', 'legacy', 11, 'Z'));
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await other?.drop();
  });

  const call = async (path: string, options: { method?: string; body?: unknown; token?: string; base?: string } = {}) => {
    const response = await fetch(`${options.base ?? server.url}${path}`, {
      method: options.method ?? 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token ?? ADMIN}` },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const getRun = async (id: number, base?: string) => (await call(`/api/admin/data-backfills/${id}`, { method: 'GET', ...(base ? { base } : {}) })).body;
  const approve = (id: number, body: Record<string, unknown>, base?: string) => call(`/api/admin/data-backfills/${id}/approve`, { body: { note: 'reviewed', ...body }, ...(base ? { base } : {}) });
  const dispatch = (base?: string) => call('/api/jobs/dispatch', { token: CRON, ...(base ? { base } : {}) });
  /** Dispatches until the run halts (no longer `running`): what the cron would do. */
  const drive = async (id: number, base?: string) => {
    const until = Date.now() + 45_000;
    for (;;) {
      await dispatch(base);
      const run = await getRun(id, base);
      if (run.status !== 'running') return run;
      if (Date.now() > until) {
        const tasks = base ? [] : await db.selectFrom('job_tasks').select(['kind', 'status', 'pause_reason', 'attempts', 'last_error', 'run_after']).where('job_id', '=', run.job_id).execute();
        throw new Error(`run ${id} still running: ${JSON.stringify(run)}; its job's tasks: ${JSON.stringify(tasks)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const batches = async (runId: number, action: 'apply' | 'rollback', on: Kysely<Database> = db) =>
    (await on.selectFrom('data_backfill_batches').selectAll().where('run_id', '=', runId).where('action', '=', action).orderBy('batch_no').execute()).map((row) => ({
      batchNo: Number(row.batch_no),
      startedAt: fromDbTime(row.started_at).getTime(),
      rowsChanged: Number(row.rows_changed),
      outcome: row.outcome,
      firstKey: JSON.parse(row.first_key ?? 'null') as unknown,
    }));

  it('plans, refuses to apply without approval, applies at the throttle, soaks, checks health; a second run changes nothing', async () => {
    const soak = { duration_s: 2, interval_s: 1, checks: [{ name: 'legacy_left', sql: "SELECT COUNT(*) AS value FROM orders WHERE tenant_id = 'acme' AND status = 'legacy'", op: '==', threshold: 0 }] };
    const plan = stampPlan('stamp-acme', { soak });
    const created = await call('/api/admin/data-backfills', { body: { plan } });
    expect(created.status).toBe(201);
    // The dry run: 10,000 rows (not globex's, not acme's paid ones) in 20 batches, 19 gaps of 100 ms.
    expect(created.body).toMatchObject({ status: 'awaiting_approval', phase: 'plan', next_phase: 'apply', plan: { rows: NEEDING, batches: NEEDING / BATCH, estimated_seconds: 2 } });
    expect(created.body.plan.sample).toHaveLength(5);
    for (const row of created.body.plan.sample) expect(row).toEqual({ key: [expect.anything()], before: { status: 'legacy' }, after: { status: 'stamped' } });
    const id: number = created.body.id;

    // Nothing runs without approval: dispatching does nothing; approving another phase is a 409.
    await dispatch();
    await dispatch();
    expect(await checksum(db)).toBe(seeded);
    expect(await batches(id, 'apply')).toEqual([]);
    expect((await approve(id, { phase: 'soak' })).status).toBe(409);
    expect((await approve(id, { phase: 'health' })).status).toBe(409);
    expect((await getRun(id)).approvals).toEqual([]);
    // One active run per plan name.
    expect((await call('/api/admin/data-backfills', { body: { plan } })).status).toBe(409);
    const noPlan = await call('/api/admin/data-backfills', { body: {} });
    expect(noPlan).toMatchObject({ status: 400, body: { error: { code: 'invalid_plan', message: expect.stringMatching(/^plan/) } } });

    const approved = await approve(id, { phase: 'apply', by: 'ops@example.com', note: 'stamp them' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'running', phase: 'apply', approvals: [{ phase: 'apply', by: 'ops@example.com', note: 'stamp them', override_reason: null }] });
    expect((await approve(id, { phase: 'apply' })).status).toBe(409);
    const applied = await drive(id);
    expect(applied).toMatchObject({ status: 'awaiting_approval', phase: 'apply', next_phase: 'soak', apply: { batches_done: 20, batches_total: 20, rows_changed: NEEDING, rows_skipped: 0 } });
    expect(await countOrders(db, 'acme', 'stamped')).toBe(NEEDING);
    expect(await countOrders(db, 'acme', 'paid')).toBe(1_000);
    expect(await countOrders(db, 'globex', 'legacy')).toBe(2_000);

    // Each batch once, in order; the throttle from the logs: 100 ms apart at least, never more than per_minute in a 60 s window.
    const log = await batches(id, 'apply');
    expect(log.map((b) => b.batchNo)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(log.every((b) => b.rowsChanged === BATCH)).toBe(true);
    const starts = log.map((b) => b.startedAt);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(60_000 / PER_MINUTE);
    for (const start of starts) expect(starts.filter((t) => t >= start && t < start + 60_000).length).toBeLessThanOrEqual(PER_MINUTE);
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(created.body.plan.estimated_seconds * 1_000 - 100);
    // Before-images: one per changed row.
    const images = await db.selectFrom('data_backfill_rows').select((eb) => eb.fn.countAll<number>().as('n')).where('run_id', '=', id).executeTakeFirstOrThrow();
    expect(Number(images.n)).toBe(NEEDING);

    // A passing soak halts for the go/no-go.
    expect((await approve(id, { phase: 'soak' })).status).toBe(200);
    const soaked = await drive(id);
    expect(soaked).toMatchObject({ status: 'awaiting_approval', phase: 'soak', next_phase: 'health', failure: null, soak: { passed: true, checks: [{ name: 'legacy_left', value: 0, op: '==', threshold: 0, passed: true }] } });
    expect(soaked.soak.samples).toBeGreaterThanOrEqual(2);

    // Health against another database: its 37 legacy acme rows remain (not globex's, not the stamped).
    expect((await approve(id, { phase: 'health', database_url: other.url })).status).toBe(200);
    const checked = await drive(id);
    expect(checked).toMatchObject({ status: 'completed', phase: 'health', next_phase: null, health: { rows_remaining: 37 } });
    expect(checked.health.sample).toHaveLength(20);
    expect(checked.health.database).toContain(other.url.split('/').at(-1));
    const mini = checked.health.mini_plan;
    expect(mini).toMatchObject({ operation: { kind: 'sql-update', table: 'orders', where: plan.operation.where, set: plan.operation.set } });

    // The mini plan is a valid plan: run by a server of that database (its own process: the
    // runtime is one per process), it fixes those 37 rows and nothing else.
    const logDir = mkdtempSync(join(tmpdir(), 'sluice-dbf-'));
    const otherServer = await startServerProcess({ port: await freePort(), logFile: join(logDir, 'health-db-server.log'), env: { DATABASE_URL: other.url, ADMIN_TOKEN: ADMIN, CRON_SECRET: CRON, TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), CONNECTORS: 'youtube' } });
    try {
      const miniRun = await call('/api/admin/data-backfills', { base: otherServer.url, body: { plan: mini } });
      expect(miniRun.status).toBe(201);
      expect(miniRun.body.plan).toMatchObject({ rows: 37 });
      expect((await approve(miniRun.body.id, { phase: 'apply' }, otherServer.url)).status).toBe(200);
      expect(await drive(miniRun.body.id, otherServer.url)).toMatchObject({ status: 'awaiting_approval', phase: 'apply', apply: { rows_changed: 37 } });
    } finally {
      await otherServer.stop();
    }
    rmSync(logDir, { recursive: true, force: true });
    expect(await countOrders(other.db, 'acme', 'legacy')).toBe(0);
    expect(await countOrders(other.db, 'acme', 'stamped')).toBe(42);
    expect(await countOrders(other.db, 'globex', 'legacy')).toBe(11);

    // Running the finished plan again is a new run that changes nothing.
    const stamped = await checksum(db);
    const again = await call('/api/admin/data-backfills', { body: { plan } });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ plan: { rows: 0, batches: 0 } });
    expect((await approve(again.body.id, { phase: 'apply' })).status).toBe(200);
    expect(await drive(again.body.id)).toMatchObject({ status: 'awaiting_approval', next_phase: 'soak', apply: { rows_changed: 0 } });
    expect(await checksum(db)).toBe(stamped);
    // Rolled back, a run that changed nothing restores nothing (and frees the plan's name).
    expect((await call(`/api/admin/data-backfills/${again.body.id}/rollback`)).status).toBe(200);
    expect(await drive(again.body.id)).toMatchObject({ status: 'completed', phase: 'rollback', rollback: { rows_restored: 0, conflicts: [] } });
    expect(await checksum(db)).toBe(stamped);

    // Rollback restores the table exactly, except a row someone changed since: reported, not overwritten.
    const touched = await db.selectFrom('orders').select('id').where('tenant_id', '=', 'acme').where('status', '=', 'stamped').orderBy('id').offset(1234).limit(1).executeTakeFirstOrThrow();
    await db.updateTable('orders').set({ status: 'refunded' }).where('id', '=', touched.id).execute();
    expect((await call(`/api/admin/data-backfills/${id}/rollback`)).status).toBe(200);
    const rolled = await drive(id);
    expect(rolled).toMatchObject({ status: 'completed', phase: 'rollback', rollback: { rows_restored: NEEDING - 1, conflicts: [{ key: [Number(touched.id)] }] } });
    expect((await db.selectFrom('orders').select('status').where('id', '=', touched.id).executeTakeFirstOrThrow()).status).toBe('refunded');
    expect((await batches(id, 'rollback')).length).toBe(20);
    expect((await call(`/api/admin/data-backfills/${id}/rollback`)).status).toBe(409);
    await db.updateTable('orders').set({ status: 'legacy' }).where('id', '=', touched.id).execute();
    expect(await checksum(db)).toBe(seeded);
    // The list answers both runs, newest first, in the same shape.
    const list = await call('/api/admin/data-backfills', { method: 'GET' });
    expect(list.body.runs.map((run: { id: number; status: string }) => [run.id, run.status]).slice(0, 2)).toEqual([[again.body.id, 'completed'], [id, 'completed']]);
  }, 90_000);

  it('a soak whose threshold fails halts the run naming the check; health then needs an override_reason', async () => {
    // Selects no row (nobody's orders): the apply is empty, the soak's threshold cannot hold.
    const plan = {
      ...stampPlan('soak-fails'),
      operation: { ...stampPlan('x').operation, where: "tenant_id = 'nobody' AND status = 'legacy'" },
      soak: { duration_s: 1, interval_s: 1, checks: [
        { name: 'orders_present', sql: 'SELECT COUNT(*) AS value FROM orders', op: '>', threshold: 0 },
        { name: 'no_legacy_left', sql: "SELECT COUNT(*) AS value FROM orders WHERE status = 'legacy'", op: '<=', threshold: 5 },
      ] },
    };
    const created = await call('/api/admin/data-backfills', { body: { plan } });
    expect(created.status).toBe(201);
    const id: number = created.body.id;
    expect((await approve(id, { phase: 'apply' })).status).toBe(200);
    expect(await drive(id)).toMatchObject({ status: 'awaiting_approval', next_phase: 'soak', apply: { rows_changed: 0 } });
    expect((await approve(id, { phase: 'soak' })).status).toBe(200);
    const failed = await drive(id);
    const legacy = await db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'legacy').executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ status: 'failed', phase: 'soak', next_phase: 'health', failure: { phase: 'soak' }, soak: { passed: false } });
    expect(failed.failure.message).toContain('no_legacy_left');
    expect(failed.failure.message).not.toContain('orders_present');
    expect(failed.soak.checks).toEqual([
      expect.objectContaining({ name: 'orders_present', passed: true }),
      expect.objectContaining({ name: 'no_legacy_left', passed: false, value: Number(legacy.n), op: '<=', threshold: 5 }),
    ]);
    expect(failed.message).toContain('override_reason');

    const refused = await approve(id, { phase: 'health' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('override_reason');
    expect((await getRun(id)).approvals.map((a: { phase: string }) => a.phase)).toEqual(['apply', 'soak']);
    const overridden = await approve(id, { phase: 'health', override_reason: 'legacy rows belong to other tenants', database_url: other.url });
    expect(overridden.status).toBe(200);
    expect(overridden.body.approvals.at(-1)).toMatchObject({ phase: 'health', override_reason: 'legacy rows belong to other tenants' });
    expect(await drive(id)).toMatchObject({ status: 'completed', health: { rows_remaining: 0, mini_plan: null } });
  }, 60_000);

  it('a rollback restores every changed column except updated_at, which keeps the time of the last change', async () => {
    await insertOrders(db, orders('initech', 'legacy', 300, 'I'));
    const columnsButUpdatedAt = ORDER_COLUMNS.filter((column) => column !== 'updated_at');
    const before = await tableChecksum(db, 'orders', columnsButUpdatedAt, ['id']);
    const plan = { ...stampPlan('stamp-initech'), operation: { ...stampPlan('x').operation, where: "tenant_id = 'initech' AND status = 'legacy'", set: { status: "'stamped'", updated_at: 'placed_at' }, batch_size: 100 } };
    const created = await call('/api/admin/data-backfills', { body: { plan } });
    expect(created.status).toBe(201);
    expect(created.body.plan.sample[0]).toMatchObject({ before: { status: 'legacy' }, after: { status: 'stamped' } });
    expect((await approve(created.body.id, { phase: 'apply' })).status).toBe(200);
    expect(await drive(created.body.id)).toMatchObject({ apply: { rows_changed: 300 } });
    const stampedTimes = await db.selectFrom('orders').select(['updated_at', 'placed_at']).where('tenant_id', '=', 'initech').execute();
    expect(stampedTimes.every((row) => fromDbTime(row.updated_at).getTime() === fromDbTime(row.placed_at).getTime())).toBe(true);

    expect((await call(`/api/admin/data-backfills/${created.body.id}/rollback`)).status).toBe(200);
    expect(await drive(created.body.id)).toMatchObject({ status: 'completed', rollback: { rows_restored: 300, conflicts: [] } });
    expect(await countOrders(db, 'initech', 'legacy')).toBe(300);
    expect(await tableChecksum(db, 'orders', columnsButUpdatedAt, ['id'])).toBe(before);
    const rolledTimes = await db.selectFrom('orders').select(['updated_at', 'placed_at']).where('tenant_id', '=', 'initech').execute();
    expect(rolledTimes.every((row) => fromDbTime(row.updated_at).getTime() === fromDbTime(row.placed_at).getTime())).toBe(true);
  }, 30_000);

  it.each([
    ['an unknown table', { operation: { ...stampPlan('x').operation, table: 'nope_orders' } }, /operation\.table.*nope_orders/],
    ['an unknown column in where', { operation: { ...stampPlan('x').operation, where: "tenant = 'acme'" } }, /operation\.where.*"tenant"/],
    ['an unknown column in set', { operation: { ...stampPlan('x').operation, set: { state: "'stamped'" } } }, /operation\.set\.state/],
    ['an unknown column in a set value', { operation: { ...stampPlan('x').operation, set: { status: 'old_status' } } }, /operation\.set\.status.*"old_status"/],
    ['an unknown key column', { operation: { ...stampPlan('x').operation, key: ['order_id'] } }, /operation\.key\[0\].*order_id/],
    ['two statements', { operation: { ...stampPlan('x').operation, where: "status = 'legacy'; DROP TABLE orders" } }, /operation\.where/],
    ['two statements in a set value', { operation: { ...stampPlan('x').operation, set: { status: "'x'; DROP TABLE orders" } } }, /operation\.set\.status/],
    ['a LIMIT after the where (it would be dropped, stamping every row)', { operation: { ...stampPlan('x').operation, where: "status = 'legacy' LIMIT 10" } }, /operation\.where.*nothing after it/],
    ['a subquery', { operation: { ...stampPlan('x').operation, where: 'id IN (SELECT id FROM connections)' } }, /operation\.where.*subquery/],
    ['a missing key', { operation: { ...stampPlan('x').operation, key: undefined } }, /operation\.key/],
    ['an empty key', { operation: { ...stampPlan('x').operation, key: [] } }, /operation\.key/],
    ['a threshold that is not a number', { soak: { duration_s: 1, interval_s: 1, checks: [{ name: 'c', sql: 'SELECT COUNT(*) AS value FROM orders', op: '>', threshold: 'high' }] } }, /soak\.checks\[0\]\.threshold/],
    ['a soak check that is not a SELECT', { soak: { duration_s: 1, interval_s: 1, checks: [{ name: 'c', sql: "DELETE FROM orders WHERE status = 'legacy'", op: '>', threshold: 0 }] } }, /soak\.checks\[0\]\.sql.*SELECT/],
    ['a soak check that would hold a connection for an hour', { soak: { duration_s: 1, interval_s: 1, checks: [{ name: 'c', sql: 'SELECT SLEEP(3600) AS value FROM orders', op: '>', threshold: 0 }] } }, /soak\.checks\[0\]\.sql.*SLEEP/],
    ['a soak check reading a pipeline table', { soak: { duration_s: 1, interval_s: 1, checks: [{ name: 'c', sql: 'SELECT COUNT(*) AS value FROM data_backfill_rows', op: '>', threshold: 0 }] } }, /soak\.checks\[0\]\.sql.*data_backfill_rows/],
    ['a token column of connections', { operation: { kind: 'sql-update', table: 'connections', key: ['id'], where: "status = 'active'", set: { access_token_enc: "'x'" }, batch_size: 10 } }, /operation\.set\.access_token_enc/],
    ['a connection moved to another tenant', { operation: { kind: 'sql-update', table: 'connections', key: ['id'], where: "status = 'active'", set: { tenant_id: "'other'" }, batch_size: 10 } }, /operation\.set\.tenant_id: not a column of connections a plan may set/],
    ['a token read into another column', { operation: { kind: 'sql-update', table: 'connections', key: ['id'], where: "status = 'active'", set: { display_name: 'refresh_token_enc' }, batch_size: 10 } }, /operation\.set\.display_name: names "refresh_token_enc"/],
    ['a key that names many rows', { operation: { kind: 'sql-update', table: 'orders', key: ['tenant_id'], where: "status = 'legacy'", set: { status: "'x'" }, batch_size: 10 } }, /operation\.key: \[tenant_id\] does not name one row/],
    ['a qualified column of another table', { operation: { ...stampPlan('x').operation, where: "connections.status = 'active'" } }, /operation\.where.*connections\.status/],
  ])('refuses a plan with %s: 400 invalid_plan naming it, writing nothing', async (_what, change, message) => {
    const before = await db.selectFrom('data_backfill_runs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const refused = await call('/api/admin/data-backfills', { body: { plan: { ...stampPlan('bad-plan'), ...change } } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid_plan');
    expect(refused.body.error.message).toMatch(message);
    const after = await db.selectFrom('data_backfill_runs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('a sluice-job plan re-fetches a YouTube range for each connected channel, one job per target at the throttle', async () => {
    const channels = ['dbf-one', 'dbf-two', 'dbf-three'];
    const connected: { connection_id: number; channel_id: string; job_id: number }[] = [];
    for (const name of channels) {
      const exchange = await call('/api/oauth/youtube/exchange', { body: { tenant_id: `t-${name}`, code: `sim-code-${name}` } });
      expect(exchange.status).toBe(200);
      connected.push(exchange.body);
    }
    // Drain the initial backfills.
    for (let i = 0; i < 20; i++) {
      const jobs = await db.selectFrom('backfill_jobs').select('status').where('id', 'in', connected.map((c) => c.job_id)).execute();
      if (jobs.every((job) => job.status === 'succeeded')) break;
      await dispatch();
    }
    // Days counted back from YouTube's latest complete report day (a Pacific day, two behind), as the planner checks them.
    const day = (offset: number) => addDays(latestReportDay(new Date()), -(offset - 2));
    const fetchesBefore = await analyticsFetches(server, connected.map((c) => c.channel_id));

    const perMinute = 120; // one target every 500 ms
    const plan = { name: 'refetch-youtube', operation: { kind: 'sluice-job', targets: { platform: 'youtube' }, job: { type: 'data-collection', start_date: day(3), end_date: day(2), force: true } }, throttle: { per_minute: perMinute } };
    const created = await call('/api/admin/data-backfills', { body: { plan } });
    expect(created.status).toBe(201);
    expect(created.body.plan).toMatchObject({ rows: 3, batches: 3, estimated_seconds: 1 });
    expect((await approve(created.body.id, { phase: 'apply' })).status).toBe(200);
    const applied = await drive(created.body.id);
    expect(applied).toMatchObject({ status: 'awaiting_approval', phase: 'apply', next_phase: 'health', apply: { batches_done: 3, rows_changed: 3 } });

    const log = await batches(created.body.id, 'apply');
    expect(log.map((b) => b.firstKey)).toEqual(connected.map((c) => [c.connection_id]));
    const jobIds = log.map((b) => Number(/^job (\d+)$/.exec(b.outcome)?.[1]));
    expect(new Set(jobIds).size).toBe(3);
    for (let i = 1; i < log.length; i++) expect(log[i]!.startedAt - log[i - 1]!.startedAt).toBeGreaterThanOrEqual(60_000 / perMinute);
    const jobs = await db.selectFrom('backfill_jobs').select(['id', 'connection_id', 'type', 'status']).where('id', 'in', jobIds).orderBy('id').execute();
    expect(jobs.map((job) => [Number(job.connection_id), job.type])).toEqual(connected.map((c) => [c.connection_id, 'data-collection']));

    // The jobs run: each channel's two days are fetched again.
    for (let i = 0; i < 20; i++) {
      const now = await db.selectFrom('backfill_jobs').select('status').where('id', 'in', jobIds).execute();
      if (now.every((job) => job.status === 'succeeded')) break;
      await dispatch();
    }
    expect((await db.selectFrom('backfill_jobs').select('status').where('id', 'in', jobIds).execute()).map((job) => job.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const fetchesAfter = await analyticsFetches(server, connected.map((c) => c.channel_id));
    for (const channel of connected) {
      for (const d of [day(3), day(2)]) expect(fetchesAfter[`${channel.channel_id}/${d}`] ?? 0).toBeGreaterThan(fetchesBefore[`${channel.channel_id}/${d}`] ?? 0);
    }
  }, 60_000);
});

/** How often the simulator answered each `{channel}/{day}` Analytics report. */
async function analyticsFetches(server: SimulatedServer, channelIds: readonly string[]): Promise<Record<string, number>> {
  const stats = (await server.sim.stats())['analytics.reports.query'];
  return Object.fromEntries(Object.entries(stats?.byKey ?? {}).flatMap(([key, value]) => (channelIds.some((c) => key.startsWith(`${c}/`)) ? [[key, value.total]] : [])));
}
