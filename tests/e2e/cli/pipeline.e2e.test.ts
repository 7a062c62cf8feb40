import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalServer, type LocalServer } from '../../../dev/local-server/local-server.js';
import { createDatabase, type SluiceDatabase } from '../../../db/create-database.js';
import { migrateToLatest } from '../../../db/migrate.js';
import { toDbTime } from '../../../db/values.js';
import { tempWorkDir, WITHOUT_GOOGLE } from '../local-server/support.js';
import { sluice, whileDispatching, type CliRun } from './support.js';

// A whole guarded backfill through `npx sluice pipeline …` against the local server, as the README
// walks it: a plan stamping 30 orders in batches of 10, approved phase by phase, watched, its
// artifacts written, a health check against a second database, and a rollback that leaves a row
// changed since the apply alone (exit 3).

const orders = (count: number, legacy: (i: number) => boolean) => {
  const t = toDbTime(new Date('2026-11-01T00:00:00Z'));
  return Array.from({ length: count }, (_, i) => ({
    tenant_id: 'acme', platform: 'etsy', platform_id: `o${i}`, connection_id: 1, status: legacy(i) ? 'legacy' : 'paid', currency: 'USD',
    total_minor: i, subtotal_minor: i, shipping_minor: 0, tax_minor: 0, discount_minor: 0, placed_at: t, platform_updated_at: t, updated_at: t,
  }));
};

const plan = {
  name: 'stamp-legacy-orders',
  operation: { kind: 'sql-update', table: 'orders', key: ['id'], where: "tenant_id = 'acme' AND status = 'legacy'", set: { status: "'stamped'" }, batch_size: 10 },
  throttle: { per_minute: 600 },
  soak: { duration_s: 1, interval_s: 1, checks: [{ name: 'legacy_left', sql: "SELECT COUNT(*) AS value FROM orders WHERE status = 'legacy'", op: '==', threshold: 0 }] },
};

describe('npx sluice pipeline', () => {
  const work = tempWorkDir();
  let server: LocalServer;
  let local: SluiceDatabase;
  let health: SluiceDatabase;
  const cli = (...args: string[]) => sluice(args, { cwd: work.dir, env: { SLUICE_URL: server.url, USER: 'ops-alice' } });
  const dispatching = (run: Promise<CliRun>) => whileDispatching(run, () => server.triggerCron('/api/jobs/dispatch'));
  const statusOf = async (table: SluiceDatabase) => (await table.db.selectFrom('orders').select(['id', 'status']).orderBy('id').execute()).map((row) => row.status);
  let runId: string;

  beforeAll(async () => {
    server = await startLocalServer({
      port: 0,
      quiet: true,
      crons: false,
      secretsFile: join(work.dir, '.data', 'dev-secrets.env'),
      env: { DATABASE_URL: work.databaseUrl, ADMIN_TOKEN: undefined, CRON_SECRET: 'cron-secret-pipeline-e2e', TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), HEALTH_DATABASE_URL: undefined, ...WITHOUT_GOOGLE },
    });
    local = await createDatabase(work.databaseUrl);
    await local.db.insertInto('orders').values(orders(40, (i) => i % 4 !== 0)).execute();
    health = await createDatabase(`file:${join(work.dir, 'health.db')}`);
    await migrateToLatest(health.db);
    await health.db.insertInto('orders').values(orders(8, (i) => i < 5)).execute();
    writeFileSync(join(work.dir, 'plan.json'), JSON.stringify(plan, null, 2));
  });
  afterAll(async () => {
    await local?.destroy();
    await health?.destroy();
    await server?.close();
    work.remove();
  });

  it('creates a run from a plan file and prints its dry run; a bad plan exits 2 naming the problem', async () => {
    const created = await cli('pipeline', 'create', '--plan', 'plan.json');
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toMatch(/^Run: +(\d+) \(stamp-legacy-orders\)$/m);
    expect(created.stdout).toMatch(/^Rows: +30$/m);
    expect(created.stdout).toMatch(/^Batches: +3$/m);
    expect(created.stdout).toMatch(/^Estimated: +\S+/m);
    expect(created.stdout).toContain('"before":{"status":"legacy"},"after":{"status":"stamped"}');
    runId = /^Run: +(\d+)/m.exec(created.stdout)![1]!;
    writeFileSync(join(work.dir, 'bad.json'), JSON.stringify({ ...plan, name: 'bad', operation: { ...plan.operation, set: { nope: "'x'" } } }));
    const bad = await cli('pipeline', 'create', '--plan', 'bad.json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^sluice: operation\.set.*nope/m);
    const listed = await cli('pipeline', 'list');
    expect(listed.stderr).toBe('');
    expect(listed.stdout).toMatch(new RegExp(`^${runId} +stamp-legacy-orders +awaiting_approval +plan +apply `, 'm'));
  });

  it('applies once approved, watched to the halt before the soak', async () => {
    expect(await statusOf(local)).not.toContain('stamped');
    const approved = await cli('pipeline', 'approve', runId, '--phase', 'apply', '--note', 'reviewed the dry run');
    expect(approved).toMatchObject({ code: 0, stderr: '' });
    const watched = await dispatching(cli('pipeline', 'status', runId, '--watch', '--interval', '200'));
    expect(watched).toMatchObject({ code: 0, stderr: '' });
    expect(watched.stdout).toMatch(/apply batches +\|█+\| 100% 3\/3 30 rows changed/);
    expect(watched.stdout.trimEnd().split('\n').at(-1)).toBe(`Run ${runId} (stamp-legacy-orders) awaiting approval of soak — Apply done; awaiting approval of soak`);
    expect((await statusOf(local)).filter((s) => s === 'stamped')).toHaveLength(30);
    const status = await cli('pipeline', 'status', runId);
    expect(status.stdout).toMatch(/^apply +ops-alice +.+ +reviewed the dry run$/m);
    expect(status.stdout).toContain(`Next: npx sluice pipeline approve ${runId} --phase soak --note "…"`);
  });

  it('soaks, then checks health against a second database', async () => {
    expect((await cli('pipeline', 'approve', runId, '--phase', 'soak', '--note', 'go', '--by', 'ops-bob')).code).toBe(0);
    const soaked = await dispatching(cli('pipeline', 'status', runId, '--watch', '--interval', '200'));
    expect(soaked.code).toBe(0);
    expect(soaked.stdout).toContain('legacy_left pass');
    const checked = await cli('pipeline', 'health', runId, '--database', `file:${join(work.dir, 'health.db')}`);
    expect(checked).toMatchObject({ code: 0, stderr: '' });
    const done = await dispatching(cli('pipeline', 'status', runId, '--watch', '--interval', '200'));
    expect(done.code).toBe(0);
    const status = await cli('pipeline', 'status', runId);
    expect(status.stdout).toMatch(/^Health: +5 still need it in file:\S+health\.db$/m);
    expect(status.stdout).toMatch(/^Recommended: +5 rows still need the backfill there/m);
    expect(status.stdout).toMatch(/^health +ops-alice +.+ +health check of file:/m);
  });

  it('writes the artifacts into a folder', async () => {
    const report = await cli('pipeline', 'report', runId, '--out', 'report');
    expect(report).toMatchObject({ code: 0, stderr: '' });
    const dir = join(work.dir, 'report');
    expect(readdirSync(dir).sort()).toEqual(['backfill_logs', 'backfill_summary.md', 'prod_health_check.md', 'prod_mini_backfill_plan.json', 'staging_observability.md']);
    const logs = readdirSync(join(dir, 'backfill_logs')).sort();
    expect(logs).toEqual(['batch_001.json', 'batch_002.json', 'batch_003.json', 'execution_results.json', expect.stringMatching(/^rollback_\d{4}-\d{2}-\d{2}\.sql$/)]);
    expect(readFileSync(join(dir, 'backfill_logs', logs[4]!), 'utf8').match(/^UPDATE "orders" SET "status" = 'legacy' WHERE "id" = \d+ AND "status" = 'stamped';$/gm)).toHaveLength(30);
    expect(JSON.parse(readFileSync(join(dir, 'prod_mini_backfill_plan.json'), 'utf8'))).toMatchObject({ name: 'stamp-legacy-orders-mini', description: expect.stringContaining('(5 rows when checked)') });
    expect(readFileSync(join(dir, 'staging_observability.md'), 'utf8')).toContain('| legacy_left | 0 | == 0 |');
    expect(existsSync(join(dir, 'backfill_summary.md'))).toBe(true);
  });

  it('rolls back, leaving a row changed since the apply alone and exiting 3', async () => {
    const changed = await local.db.selectFrom('orders').select('id').where('status', '=', 'stamped').orderBy('id').executeTakeFirstOrThrow();
    await local.db.updateTable('orders').set({ status: 'refunded' }).where('id', '=', changed.id).execute();
    // No --watch: a rollback is followed to its end, and its conflicts set the exit code (DESIGN.md).
    const rolled = await dispatching(cli('pipeline', 'rollback', runId, '--interval', '200'));
    expect(rolled.code).toBe(3);
    expect(rolled.stderr).toContain('1 row was changed since the apply and left alone (conflicts)');
    expect(rolled.stdout).toMatch(/^Run \d+ stamp-legacy-orders rollback +\|█+\| 100% 1\/1 completed/m);
    expect(rolled.stdout).toContain(`Run ${runId} (stamp-legacy-orders) completed — Rolled back: 29 rows restored, 1 conflict`);
    const statuses = await statusOf(local);
    expect(statuses.filter((s) => s === 'legacy')).toHaveLength(29);
    expect(statuses).toContain('refunded');
    expect(statuses).not.toContain('stamped');
  });
});
