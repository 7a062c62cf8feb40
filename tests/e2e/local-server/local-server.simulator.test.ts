import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { callApi } from '../../../dev/local-server/api-client.js';
import { SIMULATOR_CLIENT_ID, SIMULATOR_CLIENT_SECRET } from '../../../dev/local-server/google-simulator-settings.js';
import { startLocalServer, type LocalServer } from '../../../dev/local-server/local-server.js';
import { loadConfig, settingsFor } from '../../../lib/config/env.js';
import { youtubeConfig } from '../../../lib/connectors/youtube/youtube.config.js';
import { recordingLogger, tempWorkDir, WITHOUT_GOOGLE } from './support.js';

// Without Google settings the server mounts the YouTube simulator on its own port and points
// every Google setting at it, so the real handlers connect and backfill a simulated channel
// with nothing configured; with Google settings it mounts nothing and uses them.
const ADMIN = 'admin-token-simulator-test';
const CRON = 'cron-secret-simulator-test';
const SECRETS = { ADMIN_TOKEN: ADMIN, CRON_SECRET: CRON, TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64') };

describe('local server without Google settings', () => {
  const work = tempWorkDir();
  const logger = recordingLogger();
  let server: LocalServer;

  beforeAll(async () => {
    server = await startLocalServer({
      port: 0,
      crons: false,
      logger,
      print: logger.print,
      secretsFile: work.secretsFile,
      env: { DATABASE_URL: work.databaseUrl, ...SECRETS, ...WITHOUT_GOOGLE, YOUTUBE_BACKFILL_DAYS: '14', YOUTUBE_REQUESTS_PER_SECOND: '200' },
    });
  });
  afterAll(async () => {
    await server?.close();
    work.remove();
  });

  it('points every Google setting at the simulator mounted on its own port, and says so on start', () => {
    const mount = `${server.url}/__sim/google/`;
    expect(server.simulator).toBeDefined();
    expect(settingsFor(loadConfig(), youtubeConfig)).toMatchObject({
      clientId: SIMULATOR_CLIENT_ID,
      clientSecret: SIMULATOR_CLIENT_SECRET,
      redirectUri: `${server.url}/__dev/oauth/youtube/callback`,
      tokenUrl: `${mount}token`,
      analyticsRootUrl: mount,
      dataRootUrl: mount,
    });
    expect(logger.printed.join('\n')).toContain(`built-in YouTube simulator at ${mount}`);
  });

  it("serves the simulator's token endpoint under /__sim/google/", async () => {
    const form = new URLSearchParams({ grant_type: 'authorization_code', code: 'sim-code-probe', client_id: SIMULATOR_CLIENT_ID, client_secret: SIMULATOR_CLIENT_SECRET });
    const response = await fetch(`${server.url}/__sim/google/token`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ access_token: expect.stringMatching(/^ya29\./), refresh_token: expect.any(String) });
  });

  it('sends the consent redirect to a callback page that shows the connect command with the code', async () => {
    const consent = await fetch(`${server.url}/__sim/google/o/oauth2/v2/auth?redirect_uri=${encodeURIComponent(settingsFor(loadConfig(), youtubeConfig).redirectUri!)}&login_hint=bob&state=acme`, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const callback = await fetch(consent.headers.get('location')!);
    const page = await callback.text();
    expect(callback.status).toBe(200);
    expect(page).toContain(`${server.url}/api/oauth/youtube/exchange`);
    expect(page).toMatch(/"tenant_id":"acme","code":"4\/sim-/);
    expect(page).toContain('Bearer $ADMIN_TOKEN');
  });

  it('connects a simulated channel through the real exchange endpoint and backfills it with dispatches', async () => {
    const exchange = await callApi(server.url, '/api/oauth/youtube/exchange', { bearer: ADMIN, body: { tenant_id: 'demo', code: 'sim-code-demo' } });
    expect(exchange).toMatchObject({ status: 200, body: { channel_id: server.simulator!.channelIdFor('demo'), backfill_enqueued: 2 } });
    const dispatch = await callApi(server.url, '/api/jobs/dispatch', { method: 'POST', bearer: CRON });
    // The succeeded collection is followed by its channel rollup (analytics-generation), queued as the lanes end.
    expect(dispatch).toMatchObject({ status: 200, body: { succeeded: 2, dead: 0 } });
    const { succeeded, remaining } = dispatch.body as { succeeded: number; remaining: number };
    expect(succeeded + remaining).toBe(3);
    expect(server.simulator!.stats()['analytics.reports.query'].byStatus['200']).toBeGreaterThanOrEqual(14);
  });

  it('a consent begun by /api/oauth/youtube/start comes back to a page that prints the exchange with its state; the state connects once', async () => {
    const start = await callApi(server.url, '/api/oauth/youtube/start?tenant_id=acme&access=write', { bearer: ADMIN });
    expect(start.status).toBe(200);
    const { authorize_url: authorizeUrl, state } = start.body as { authorize_url: string; state: string };
    expect(new URL(authorizeUrl).searchParams.get('scope')).toContain('youtube.force-ssl');
    const consent = await fetch(`${authorizeUrl}&login_hint=carol`, { redirect: 'manual' });
    const page = await (await fetch(consent.headers.get('location')!)).text();
    expect(page).toContain(`"state":"${state}"`);
    const code = /"code":"([^"]+)"/.exec(page)![1]!;
    const exchange = await callApi(server.url, '/api/oauth/youtube/exchange', { bearer: ADMIN, body: { state, code } });
    expect(exchange).toMatchObject({ status: 200, body: { channel_id: server.simulator!.channelIdFor('carol') } });
    const again = await callApi(server.url, '/api/oauth/youtube/exchange', { bearer: ADMIN, body: { state, code } });
    expect(again.status).toBe(400);
    const connection = await callApi(server.url, '/api/admin/connections?tenant_id=acme', { bearer: ADMIN });
    expect((connection.body as { connections: { account_id: string }[] }).connections.map((c) => c.account_id)).toEqual([server.simulator!.channelIdFor('carol')]);
  });
});

describe('local server with Google settings', () => {
  const work = tempWorkDir();
  let server: LocalServer;
  const google = {
    GOOGLE_CLIENT_ID: 'real-client.apps.googleusercontent.com',
    GOOGLE_CLIENT_SECRET: 'real-client-secret',
    GOOGLE_REDIRECT_URI: 'https://app.example.com/oauth/callback',
    GOOGLE_OAUTH_TOKEN_URL: undefined,
    YOUTUBE_ANALYTICS_ROOT_URL: undefined,
    YOUTUBE_DATA_ROOT_URL: undefined,
  };

  beforeAll(async () => {
    server = await startLocalServer({ port: 0, crons: false, quiet: true, secretsFile: work.secretsFile, env: { DATABASE_URL: work.databaseUrl, ...SECRETS, ...google } });
  });
  afterAll(async () => {
    await server?.close();
    work.remove();
  });

  it('uses them and mounts no simulator', async () => {
    expect(server.simulator).toBeUndefined();
    expect(settingsFor(loadConfig(), youtubeConfig)).toMatchObject({
      clientId: google.GOOGLE_CLIENT_ID,
      redirectUri: google.GOOGLE_REDIRECT_URI,
      tokenUrl: 'https://oauth2.googleapis.com/token',
      dataRootUrl: 'https://youtube.googleapis.com/',
    });
    const response = await fetch(`${server.url}/__sim/google/token`, { method: 'POST', body: 'grant_type=authorization_code&code=sim-code-x' });
    expect(response.status).toBe(404);
  });
});
