import { describe, expect, it } from '@jest/globals';
import { matchRoute, routeForFile, sortRoutes, type ApiRoute } from '../../../scripts/vercel-output/api-routes.js';
import { formatDevSecrets, parseDevSecrets } from '../../../dev/local-server/dev-secrets.js';
import { oauthCallbackPage } from '../../../dev/local-server/oauth-callback-page.js';

// The pure pieces behind the local server (kept beside its end-to-end tests, since they
// exist only for it): Vercel's file → path rule, the secrets file format, and the callback
// page's refusal to put untrusted text into a shell command.
describe('routeForFile (Vercel: file path → function path)', () => {
  it.each([
    ['api/jobs/dispatch.ts', '/api/jobs/dispatch'],
    ['api/index.ts', '/api'],
    ['api/jobs/index.mts', '/api/jobs'],
    ['api/items/[id].ts', '/api/items/[id]'],
    ['api/legacy.js', '/api/legacy'],
  ])('%s → %s', (file, path) => {
    expect(routeForFile(file)?.path).toBe(path);
  });

  it.each(['api/_lib/http.ts', 'api/_draft.ts', 'api/jobs/_shared/x.ts', 'api/types.d.ts', 'api/readme.md', 'lib/runtime.ts'])('%s is not a function', (file) => {
    expect(routeForFile(file)).toBeUndefined();
  });

  it('prefers a static path over a [param] one and decodes params', () => {
    const routes = sortRoutes(['api/items/[id].ts', 'api/items/latest.ts'].map((file) => routeForFile(file) as ApiRoute));
    expect(matchRoute(routes, '/api/items/latest')?.route.file).toBe('api/items/latest.ts');
    expect(matchRoute(routes, '/api/items/a%2Fb')?.params).toEqual({ id: 'a/b' });
    expect(matchRoute(routes, '/api/items/1/2')).toBeUndefined();
  });
});

describe('dev secrets file', () => {
  it('round-trips through export lines and ignores anything else', () => {
    const secrets = { CRON_SECRET: 'c-1', ADMIN_TOKEN: 'a_2', TOKEN_ENCRYPTION_KEY: 'k+/=' };
    const text = formatDevSecrets(secrets);
    expect(text).toContain('export ADMIN_TOKEN=a_2\n');
    expect(parseDevSecrets(text)).toEqual(secrets);
    expect(parseDevSecrets('# note\nexport OTHER=x\nCRON_SECRET="quoted"\nexport ADMIN_TOKEN=\n')).toEqual({ CRON_SECRET: 'quoted' });
  });
});

describe('oauthCallbackPage', () => {
  const base = 'http://127.0.0.1:3000';
  it('shows the connect command for the code, with the state as tenant', () => {
    const page = oauthCallbackPage(new URL(`${base}/cb?code=4/sim-abc_d&state=acme`), base);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`-d '{"tenant_id":"acme","code":"4/sim-abc_d"}'`);
  });

  it("never puts shell-unsafe text into the command: a quoted state falls back to the demo tenant, a quoted code is refused", () => {
    expect(oauthCallbackPage(new URL(`${base}/cb?code=ok&state=x'%3Brm`), base).text).toContain('"tenant_id":"demo"');
    expect(oauthCallbackPage(new URL(`${base}/cb?code=a'b`), base).status).toBe(400);
    expect(oauthCallbackPage(new URL(`${base}/cb?error=access_denied`), base)).toEqual({ status: 400, text: expect.stringContaining('access_denied') });
  });
});
