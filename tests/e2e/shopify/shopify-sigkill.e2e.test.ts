import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { toDbTime, fromDbJson, type DbJson } from '../../../db/values.js';
import { killWhen } from '../../../dev/chaos/kill-when.js';
import { expireLeases } from '../../../dev/chaos/lease-aging.js';
import { CRON, startCommerceRig, tablesVsTruth, type CommerceRig } from '../../support/commerce-rig.js';
import { describeEachEngine } from '../../support/engines.js';

// A Shopify bulk backfill survives its server being SIGKILLed while the orders file is half
// upserted. The server is `npm start` in its own process; once the orders task has committed
// some chunks of the file (and has lines left), the process is killed, its lease expired, a new
// server starts on the same database, and dispatch runs until idle. The tables then equal the
// truth, no second bulk operation was started, and the file was read on from the checkpoint's
// byte with a Range request (206), not from its start.
const TENANT = 'killed';
const SETTLE_AFTER_KILL_MS = 200;

interface Checkpoint {
  progress: { done: number; total: number | null };
  step: { phase: string; line?: number; byte?: number };
}

describeEachEngine('Shopify bulk backfill after a SIGKILL mid-file', (engine) => {
  let rig: CommerceRig;
  let logDir: string;

  beforeAll(async () => {
    logDir = mkdtempSync(join(tmpdir(), `sluice-shopify-kill-${engine}-`));
    rig = await startCommerceRig({
      engine,
      shopify: { shops: [{ name: 'kill-store', currency: 'USD', orders: 12_000, products: 20, customers: 30, historyDays: 400 }], bulkPollsToComplete: 1 },
      env: { DISPATCH_CONCURRENCY: '2', CONNECTORS: 'shopify' },
      serverProcess: { logDir },
    });
  }, 30_000);
  afterAll(() => rig?.close());

  it('resumes the file from its last committed chunk: tables equal the truth, one bulk operation per entity, a ranged re-read', async () => {
    const started = Date.now();
    expect((await rig.connectShopify(TENANT, 'kill-store')).status).toBe(200);
    const ordersTask = () => rig.db.selectFrom('job_tasks').select(['id', 'status', 'checkpoint', 'lease_token']).where('kind', '=', 'shopify.orders').executeTakeFirstOrThrow();
    const checkpointOf = (row: { checkpoint: DbJson | null }) => fromDbJson<Checkpoint>(row.checkpoint);
    // Dispatches until the orders file is being upserted: the bulk operation is started and polled by earlier invocations.
    let stop = false;
    const work = (async () => {
      while (!stop) {
        await rig.call('/api/jobs/dispatch', { method: 'POST', token: CRON }).catch(() => null);
        await rig.db.updateTable('job_tasks').set({ run_after: toDbTime(new Date(Date.now() - 1_000)) }).where('status', '=', 'queued').execute();
      }
    })();
    const halfUpserted = async () => {
      const task = await ordersTask();
      const checkpoint = checkpointOf(task);
      const total = checkpoint?.progress.total ?? 0;
      return task.status === 'running' && checkpoint?.step.phase === 'download' && checkpoint.progress.done >= total / 4 && checkpoint.progress.done <= (total * 3) / 4;
    };
    const kill = await killWhen(rig.serverProcess!, halfUpserted, { pollMs: 20, timeoutMs: 60_000 });
    stop = true;
    await sleep(SETTLE_AFTER_KILL_MS);
    await work;
    const atKill = await ordersTask();
    const checkpoint = checkpointOf(atKill)!;
    expect(atKill.status).toBe('running');
    expect(checkpoint.step).toMatchObject({ phase: 'download' });
    expect(checkpoint.step.byte).toBeGreaterThan(0);
    expect(await expireLeases(rig.db, [{ id: Number(atKill.id), leaseToken: atKill.lease_token! }], new Date(Date.now() - 1_000))).toHaveLength(1);

    await rig.serverProcess!.restart();
    await rig.dispatchUntilIdle(200);

    const tasks = await rig.db.selectFrom('job_tasks').select(['kind', 'status']).execute();
    expect(tasks.filter((task) => task.status !== 'succeeded')).toEqual([]);
    const { stored, truth } = await tablesVsTruth(rig, 'shopify', TENANT, 'kill-store.myshopify.com');
    expect(stored).toEqual(truth);
    const stats = rig.shopify!.stats();
    expect(stats.bulkOperations).toBe(3);
    const downloads = stats.endpoints['bulk.download'].byStatus;
    process.stdout.write(
      `\nShopify SIGKILL [${engine}]: killed after ${kill.waitedMs} ms at ${checkpoint.progress.done}/${checkpoint.progress.total} orders (line ${checkpoint.step.line}, byte ${checkpoint.step.byte}); downloads ${JSON.stringify(downloads)}; done in ${Date.now() - started} ms\n`,
    );
    expect(downloads['206']).toBeGreaterThanOrEqual(1); // the orders file read on from the checkpoint's byte
    rmSync(logDir, { recursive: true, force: true });
  }, 120_000);
});
