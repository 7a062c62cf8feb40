import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fromDbJson, type DbJson } from '../../../db/values.js';
import { killWhen } from '../../../dev/chaos/kill-when.js';
import { expireLeases } from '../../../dev/chaos/lease-aging.js';
import { WINDOW_SECONDS } from '../../../lib/connectors/etsy/etsy-windows.js';
import { CRON, startCommerceRig, tablesVsTruth, type CommerceRig } from '../../support/commerce-rig.js';
import { describeEachEngine } from '../../support/engines.js';

// An Etsy orders backfill survives its server being SIGKILLed half-way. The server is `npm start`
// in its own process; once the orders task has committed about a third of the receipts (and has
// pages left), the process is killed, its lease is expired (the stand-in for the 60 s a dead
// server's lease takes: dev/chaos/lease-aging.ts), a new server starts on the same database, and
// dispatch runs until idle. The tables then equal the truth, and the simulator's per-page counts
// show the resume: every receipt page was fetched once, but for the one in flight at the kill
// (the page after the last committed checkpoint), fetched at most twice — never from the start.
const TENANT = 'killed';
/** Per Etsy answer: ~20 pages of receipts take a second or two, room to kill in the middle. */
const LATENCY_MS = 40;
/** After the kill, before the state at the kill is read: a commit whose packet left before the process died is still applied. */
const SETTLE_AFTER_KILL_MS = 200;

interface BackfillCheckpoint {
  windowStart: string;
  offset: number;
  until: string;
  progress: { done: number; total: number };
}

describeEachEngine('commerce backfill after a SIGKILL mid-orders', (engine) => {
  let rig: CommerceRig;
  let logDir: string;

  beforeAll(async () => {
    logDir = mkdtempSync(join(tmpdir(), `sluice-commerce-kill-${engine}-`));
    rig = await startCommerceRig({
      engine,
      etsy: { shops: [{ name: 'KillShop', currency: 'USD', receipts: 1_400, listings: 6, historyDays: 150 }], latencyMs: LATENCY_MS, ratePerSecond: 50 },
      env: { ETSY_REQUESTS_PER_SECOND: '50', DISPATCH_CONCURRENCY: '2', CONNECTORS: 'etsy' },
      serverProcess: { logDir },
    });
  }, 30_000);
  afterAll(() => rig?.close());

  it('resumes from the last committed page: the tables equal the truth, only the page in flight is fetched twice', async () => {
    const started = Date.now();
    const shopId = rig.etsy.shopIdFor('KillShop');
    expect((await rig.connectEtsy(TENANT, 'KillShop')).status).toBe(200);
    const ordersTask = () =>
      rig.db.selectFrom('job_tasks').select(['id', 'status', 'checkpoint', 'lease_token', 'steps_done']).where('kind', '=', 'etsy.orders').executeTakeFirstOrThrow();
    const checkpointOf = (row: { checkpoint: DbJson | null }) => fromDbJson<BackfillCheckpoint>(row.checkpoint);

    const work = rig.call('/api/jobs/dispatch', { method: 'POST', token: CRON }).catch(() => null); // never answered: the server dies
    // Killed once the orders task has committed a third to two thirds of the receipts, pages left.
    const halfDone = async () => {
      const task = await ordersTask();
      const progress = checkpointOf(task)?.progress;
      return task.status === 'running' && progress !== undefined && progress.done >= progress.total / 3 && progress.done <= (progress.total * 2) / 3;
    };
    const kill = await killWhen(rig.serverProcess!, halfDone, { work, pollMs: 20 });
    await sleep(SETTLE_AFTER_KILL_MS);
    await work;
    const atKill = await ordersTask();
    const checkpoint = checkpointOf(atKill)!;
    expect(atKill.status).toBe('running');
    expect(checkpoint.progress.done).toBeLessThan(checkpoint.progress.total);
    // No server is up: the running task was the dead one's, so its lease may expire now.
    expect(await expireLeases(rig.db, [{ id: Number(atKill.id), leaseToken: atKill.lease_token! }], new Date(Date.now() - 1_000))).toHaveLength(1);

    await rig.serverProcess!.restart();
    const restartedMs = Date.now() - started;
    await rig.dispatchUntilIdle();

    const tasks = await rig.db.selectFrom('job_tasks').select(['kind', 'status']).execute();
    expect(tasks.filter((task) => task.status !== 'succeeded')).toEqual([]);
    const etsy = await tablesVsTruth(rig, 'etsy', TENANT, shopId);
    expect(etsy.stored).toEqual(etsy.truth);

    // The page the killed server was fetching, or about to: the checkpoint's next page.
    const windowStart = Date.parse(checkpoint.windowStart) / 1_000;
    const windowEnd = Math.min(windowStart + WINDOW_SECONDS - 1, Date.parse(checkpoint.until) / 1_000);
    const inFlight = pageKey(shopId, { limit: 100, max_created: windowEnd, min_created: windowStart, offset: checkpoint.offset, sort_on: 'created', sort_order: 'asc' });
    const stats = rig.etsy.stats().endpoints;
    const receiptPages = Object.entries(stats['shops.receipts'].byKey).filter(([key]) => key.includes('limit=100&'));
    process.stdout.write(
      `\nSIGKILL [${engine}]: killed after ${kill.waitedMs} ms at ${checkpoint.progress.done}/${checkpoint.progress.total} receipts (${atKill.steps_done} steps), restarted at ${restartedMs} ms, done in ${Date.now() - started} ms; ${receiptPages.length} receipt pages, in flight ${inFlight}\n`,
    );
    expect(receiptPages.length).toBeGreaterThan(10);
    expect(receiptPages.map(([key]) => key)).toContain(inFlight);
    const refetched = receiptPages.filter(([key, page]) => page.total > (key === inFlight ? 2 : 1));
    expect(refetched).toEqual([]);
    // The first position is read once: the resumed task did not begin again (the count, the shop, the first page).
    const counting = Object.entries(stats['shops.receipts'].byKey).filter(([key]) => key.includes('limit=1&'));
    expect(counting.map(([, page]) => page.total)).toEqual([1]);
    // Nothing else was fetched twice either: the listings and ledger pages ran after the restart, once each.
    for (const endpoint of ['shops.listings', 'shops.ledger-entries'] as const) {
      expect(Object.entries(stats[endpoint].byKey).filter(([, page]) => page.total > 1)).toEqual([]);
    }
    rmSync(logDir, { recursive: true, force: true }); // kept when an assertion failed: the servers' logs say why
  }, 45_000);
});

/** The Etsy simulator's stats key of a shop-data request: the shop id and the query sorted by name. */
function pageKey(shopId: number, query: Record<string, string | number>): string {
  const sorted = Object.entries(query).sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, value]): [string, string] => [name, String(value)]);
  return `${shopId}?${new URLSearchParams(sorted)}`;
}
