import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { connectAccount } from '../../../lib/accounts/connect-account.js';
import { loadConfig } from '../../../lib/config/env.js';
import { defineConnectorConfig } from '../../../lib/connectors/connector-config.js';
import { createRegistry } from '../../../lib/connectors/registry.js';
import { dispatch } from '../../../lib/dispatcher/dispatch.js';
import { ConflictError } from '../../../lib/errors.js';
import { enqueueManualBackfill } from '../../../lib/jobs/manual-backfill.service.js';
import { runScheduledSyncs } from '../../../lib/jobs/scheduled-syncs.service.js';
import { createRuntime, type Runtime } from '../../../lib/runtime.js';
import { silentLogger } from '../../../lib/shared/logger.js';
import { fromDbJson } from '../../../db/values.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';
import { createFakeWidgetsApi, createWidgetsTable, widgetsEntry, WIDGETS_KIND, type FakeWidgetsApi } from '../../support/widgets-connector.js';

// A connector that exists only in this test, registered through the registry, runs the whole
// path — connect → enqueue → dispatch → handler → upsert, the daily schedule, pause on a
// revoked grant and resume on reconnect — in a runtime whose registry and configuration hold
// no other platform.
describeEachEngine('a test connector through the seam', (engine) => {
  let database: TestDatabase;
  let runtime: Runtime;
  let api: FakeWidgetsApi;
  const deadline = () => new Date(Date.now() + 30_000);
  const widgets = () => database.db.selectFrom('test_widgets' as never).selectAll().orderBy('widget_id' as never).execute() as Promise<{ tenant_id: string; widget_id: string; name: string }[]>;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await createWidgetsTable(database.db);
    api = createFakeWidgetsApi();
    api.widgets.set('shop1', [1, 2, 3, 4].map((n) => ({ id: `w${n}`, name: `Widget ${n}` })));
    // A second connector whose module fails to load: the others must not suffer for it.
    const broken = { config: defineConnectorConfig({ platform: 'gadgets', env: {}, secrets: [], settings: () => ({}) }), load: () => Promise.reject(new Error('gadgets module failed to load')) };
    const registry = createRegistry({ widgets: widgetsEntry(api), gadgets: broken });
    const config = loadConfig({ DATABASE_URL: database.url, TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'), DISPATCH_CONCURRENCY: '2' }, registry);
    expect(Object.keys(config.connectors)).toEqual(['widgets', 'gadgets']);
    runtime = await createRuntime(config, { registry, logger: silentLogger });
  });
  afterAll(async () => {
    await runtime?.database.destroy();
    await database?.drop();
  });

  it('connects an account, plans its backfill with the connector planner, dispatches to its handler and upserts', async () => {
    const connected = await connectAccount(runtime, 'widgets', 'acme', { code: 'code-shop1' });
    expect(connected).toMatchObject({ account_id: 'shop1', backfill_enqueued: 2, job_id: expect.any(Number) });
    const tasks = await database.db.selectFrom('job_tasks').selectAll().execute();
    expect(tasks.map((t) => [t.platform, t.kind, t.connection_id])).toEqual([
      ['widgets', WIDGETS_KIND, connected.connection_id],
      ['widgets', WIDGETS_KIND, connected.connection_id],
    ]);
    const summary = await dispatch(runtime, deadline());
    expect(summary).toMatchObject({ claimed: 2, succeeded: 2, remaining: 0 });
    expect((await widgets()).map((w) => w.widget_id)).toEqual(['w1', 'w2', 'w3', 'w4']);
    const job = await database.db.selectFrom('backfill_jobs').selectAll().where('id', '=', connected.job_id!).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ type: 'data-collection', status: 'succeeded', scope: 'acme:widgets:shop1:data-collection', connection_id: connected.connection_id, active_scope: null });
    // The furthest unit reached, whichever lane finished last.
    expect(fromDbJson(job.checkpoint)).toEqual({ task: 'acme:widgets:items:shop1:page-01', finished_at: expect.any(String) });
  });

  it('runs the connector\'s daily schedule once per day, reporting its fact', async () => {
    const first = await runScheduledSyncs(runtime, 'daily');
    expect(first).toEqual({ connections: 1, enqueued: 1, widgets_day: new Date().toISOString().slice(0, 10), failed: [{ platform: 'gadgets', error: 'gadgets module failed to load' }] });
    expect((await runScheduledSyncs(runtime, 'daily')).enqueued).toBe(0);
    await dispatch(runtime, deadline());
  });

  it('a manual backfill while one is active is skipped as already_running; one active job per scope', async () => {
    api.widgets.get('shop1')!.push({ id: 'w5', name: 'Widget 5' });
    const first = await enqueueManualBackfill(runtime, { tenantId: 'acme', platform: 'widgets', params: { days: 3 } });
    expect(first).toMatchObject({ backfill_enqueued: 1, skipped: [] });
    const second = await enqueueManualBackfill(runtime, { tenantId: 'acme', platform: 'widgets', params: { days: 3, force: true } });
    expect(second).toMatchObject({ backfill_enqueued: 0, skipped: [{ account_id: 'shop1', reason: 'already_running', job_id: (first.jobs[0] as { job_id: number }).job_id }] });
    await dispatch(runtime, deadline());
    expect((await widgets()).map((w) => w.widget_id)).toContain('w5');
  });

  it('refreshes an expired token once; a revoked grant pauses the tasks, and reconnecting resumes them', async () => {
    api.liveAccess.clear(); // every access token expired: the session refreshes, the call succeeds
    await enqueueManualBackfill(runtime, { tenantId: 'acme', platform: 'widgets', params: { days: 1, force: true } });
    expect(await dispatch(runtime, deadline())).toMatchObject({ succeeded: 1 });
    expect(api.calls.filter((c) => c === 'refresh')).toHaveLength(1);

    api.liveAccess.clear();
    api.liveRefresh.clear(); // revoked
    await enqueueManualBackfill(runtime, { tenantId: 'acme', platform: 'widgets', params: { days: 2, force: true } });
    expect(await dispatch(runtime, deadline())).toMatchObject({ parked: 2, dead: 0 });
    expect((await database.db.selectFrom('connections').select('status').executeTakeFirstOrThrow()).status).toBe('needs_reauth');
    const paused = await database.db.selectFrom('job_tasks').select(['status', 'attempts', 'job_id']).where('status', '=', 'paused').execute();
    expect(paused).toHaveLength(2);
    expect(paused.every((t) => t.attempts === 0)).toBe(true);
    const job = await database.db.selectFrom('backfill_jobs').selectAll().where('id', '=', paused[0]!.job_id!).executeTakeFirstOrThrow();
    expect(job.status).toBe('paused');
    const errors = fromDbJson<{ at: string; message: string }[]>(job.errors)!;
    expect(errors.slice(-2).map((e) => e.message)).toEqual([expect.stringMatching(/: park — ReauthRequiredError: connection .*needs/), expect.stringMatching(/: park — /)]);
    await expect(enqueueManualBackfill(runtime, { tenantId: 'acme', platform: 'widgets', params: {} })).rejects.toThrow(ConflictError);

    const again = await connectAccount(runtime, 'widgets', 'acme', { code: 'code-shop1' });
    expect(again).toMatchObject({ backfill_enqueued: 0, job_id: null });
    expect(await dispatch(runtime, deadline())).toMatchObject({ succeeded: 2 });
    expect(await database.db.selectFrom('job_tasks').select('id').where('status', '!=', 'succeeded').execute()).toEqual([]);
  });

  it('a new account without a refresh token is refused and nothing is written', async () => {
    api.sendsRefreshToken = false;
    api.widgets.set('shop2', []);
    const before = await database.db.selectFrom('connections').select('id').execute();
    await expect(connectAccount(runtime, 'widgets', 'acme', { code: 'code-shop2' })).rejects.toThrow('widgets sent no refresh token');
    expect(await database.db.selectFrom('connections').select('id').execute()).toEqual(before);
    api.sendsRefreshToken = true;
  });
});
