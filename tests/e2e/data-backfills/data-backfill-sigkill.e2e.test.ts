import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/database.js';
import { fromDbTime, toDbTime } from '../../../db/values.js';
import { killWhen } from '../../../dev/chaos/kill-when.js';
import { expireLeases, makeWaitingTasksDue, runningLeases } from '../../../dev/chaos/lease-aging.js';
import { freePort, startServerProcess, type ServerProcess } from '../../../dev/chaos/server-process.js';
import { tableChecksum } from '../../../lib/data-backfills/target-rows.repository.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

// Issue 14: "SIGKILL mid-apply resumes without redoing a batch". The local server runs as its own
// process on a database the test opens too; it is SIGKILLed while the apply of 10,000 rows (40
// batches) is part-way, its lease is expired (the stand-in for the minute a dead server's lease
// takes: dev/chaos/lease-aging.ts), and a second server is dispatched until the run halts.
const ADMIN = 'dbf-sigkill-admin';
const CRON = 'dbf-sigkill-cron';
const NEEDING = 10_000;
const BATCH = 250;
const BATCHES = NEEDING / BATCH;
/** The apply is killed once this many batches are logged: well inside its 40. */
const KILL_AFTER = 10;
const SETTLE_AFTER_KILL_MS = 200;
const COLUMNS = ['id', 'tenant_id', 'platform', 'platform_id', 'connection_id', 'status', 'currency', 'total_minor', 'subtotal_minor', 'shipping_minor', 'tax_minor', 'discount_minor', 'placed_at', 'platform_updated_at', 'external_order_ref', 'cogs_minor', 'cogs_currency', 'updated_at'];

describeEachEngine('a data backfill killed mid-apply', (engine) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let logDir: string;
  let seeded: string;

  beforeAll(async () => {
    logDir = mkdtempSync(join(tmpdir(), `sluice-dbf-kill-${engine}-`));
    database = await createTestDatabase(engine);
    db = database.db;
    const t = toDbTime(new Date('2026-11-01T00:00:00Z'));
    const rows = (tenant: string, status: string, count: number, prefix: string) =>
      Array.from({ length: count }, (_, i) => ({ tenant_id: tenant, platform: 'etsy', platform_id: `${prefix}${i}`, connection_id: 1, status, currency: 'USD', total_minor: i, subtotal_minor: i, shipping_minor: 0, tax_minor: 0, discount_minor: 0, placed_at: t, platform_updated_at: t, updated_at: t }));
    const all = [...rows('acme', 'legacy', NEEDING, 'L'), ...rows('acme', 'paid', 500, 'P'), ...rows('globex', 'legacy', 500, 'G')];
    for (let start = 0; start < all.length; start += 500) await db.insertInto('orders').values(all.slice(start, start + 500)).execute();
    seeded = await tableChecksum(db, 'orders', COLUMNS, ['id']);
  }, 60_000);
  afterAll(async () => {
    await database?.drop();
  });

  it('resumes at the first unfinished batch: every batch once, every row changed once, the table stamped exactly', async () => {
    const env = { DATABASE_URL: database.url, ADMIN_TOKEN: ADMIN, CRON_SECRET: CRON, TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'), CONNECTORS: 'youtube' };
    const startServer = async (name: string) => startServerProcess({ port: await freePort(), env, logFile: join(logDir, `${name}.log`) });
    const first = await startServer('first');
    let second: ServerProcess | undefined;
    try {
      const plan = { name: 'stamp-killed', operation: { kind: 'sql-update', table: 'orders', key: ['id'], where: "tenant_id = 'acme' AND status = 'legacy'", set: { status: "'stamped'" }, batch_size: BATCH }, throttle: { per_minute: 600 } };
      const created = await call(first, '/api/admin/data-backfills', ADMIN, { plan });
      expect(created.status).toBe(201);
      expect(created.body.plan).toMatchObject({ rows: NEEDING, batches: BATCHES });
      const runId: number = created.body.id;
      expect((await call(first, `/api/admin/data-backfills/${runId}/approve`, ADMIN, { phase: 'apply', note: 'go' })).status).toBe(200);

      const work = call(first, '/api/jobs/dispatch', CRON).catch(() => null); // never answers: the server dies mid-call
      await killWhen(first, async () => (await batchNumbers(db, runId)).length >= KILL_AFTER, { work, pollMs: 20 });
      await sleep(SETTLE_AFTER_KILL_MS);
      const atKill = await batchNumbers(db, runId);
      await work;
      expect(atKill.length).toBeGreaterThanOrEqual(KILL_AFTER);
      expect(atKill.length).toBeLessThan(BATCHES);
      expect(await stampedCount(db)).toBe(atKill.length * BATCH);

      // Nothing runs now: the dead server's lease may expire at once.
      const held = await runningLeases(db);
      expect(held.length).toBe(1);
      expect(await expireLeases(db, held, new Date(Date.now() - 1_000))).toHaveLength(1);

      second = await startServer('second');
      let run: any;
      for (let round = 0; round < 20; round++) {
        await call(second, '/api/jobs/dispatch', CRON);
        await makeWaitingTasksDue(db, new Date());
        run = (await call(second, `/api/admin/data-backfills/${runId}`, ADMIN, undefined, 'GET')).body;
        if (run.status !== 'running') break;
      }
      expect(run).toMatchObject({ status: 'awaiting_approval', phase: 'apply', next_phase: 'health', apply: { batches_done: BATCHES, rows_changed: NEEDING, rows_skipped: 0 } });

      // Batches 1..40 each logged once, those before the kill as the first server wrote them.
      const final = await batchNumbers(db, runId);
      expect(final).toEqual(Array.from({ length: BATCHES }, (_, i) => i + 1));
      expect(final.slice(0, atKill.length)).toEqual(atKill);
      // The throttle held across the crash (it counts from the logs, not from a process's memory): 100 ms apart at least.
      const starts = (await db.selectFrom('data_backfill_batches').select('started_at').where('run_id', '=', runId).where('action', '=', 'apply').orderBy('batch_no').execute()).map((row) => fromDbTime(row.started_at).getTime());
      for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(100);
      // Every row changed once: one before-image each, as many as the rows changed.
      const images = await db.selectFrom('data_backfill_rows').select(['row_key', 'batch_no']).where('run_id', '=', runId).execute();
      expect(images.length).toBe(NEEDING);
      expect(new Set(images.map((image) => image.row_key)).size).toBe(NEEDING);
      const perBatch = new Map<number, number>();
      for (const image of images) perBatch.set(Number(image.batch_no), (perBatch.get(Number(image.batch_no)) ?? 0) + 1);
      expect([...perBatch.values()].every((n) => n === BATCH)).toBe(true);
      // The table is the seeded one with exactly those rows stamped: undo the stamp by hand and it is the seed again.
      expect(await stampedCount(db)).toBe(NEEDING);
      await db.updateTable('orders').set({ status: 'legacy' }).where('status', '=', 'stamped').execute();
      expect(await tableChecksum(db, 'orders', COLUMNS, ['id'])).toBe(seeded);
      rmSync(logDir, { recursive: true, force: true }); // kept when an assertion failed: the servers' logs say why
    } finally {
      await first.crash();
      await second?.stop();
    }
  }, 90_000);
});

async function call(server: ServerProcess, path: string, token: string, body?: unknown, method = 'POST'): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(60_000),
  });
  return { status: response.status, body: await response.json() };
}

async function batchNumbers(db: Kysely<Database>, runId: number): Promise<number[]> {
  const rows = await db.selectFrom('data_backfill_batches').select('batch_no').where('run_id', '=', runId).where('action', '=', 'apply').orderBy('batch_no').execute();
  return rows.map((row) => Number(row.batch_no));
}

async function stampedCount(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'stamped').executeTakeFirstOrThrow();
  return Number(row.n);
}
