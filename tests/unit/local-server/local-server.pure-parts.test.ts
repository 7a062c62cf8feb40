import { describe, expect, it } from '@jest/globals';
import { matchRoute, routeForFile, sortRoutes, type ApiRoute } from '../../../scripts/vercel-output/api-routes.js';
import { formatDevSecrets, parseDevSecrets } from '../../../dev/local-server/dev-secrets.js';
import { PRINTIFY_SIM_SHOPIFY_TOKEN, PRINTIFY_SIM_TOKEN } from '../../../dev/local-server/commerce-simulators.js';
import { oauthCallbackPage, shopifyCallbackPage } from '../../../dev/local-server/oauth-callback-page.js';
import { startupBanner } from '../../../dev/local-server/startup-banner.js';

// The pure pieces behind the local server (kept beside its end-to-end tests, since they
// exist only for it): Vercel's file → path rule, the secrets file format, the callback
// pages' refusal to put untrusted text into a shell command, and the banner's commerce steps.
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

describe('shopifyCallbackPage', () => {
  const base = 'http://127.0.0.1:3000';
  const query = 'code=c0de&hmac=9f86d0&host=c2ltLXVzZC5teXNob3BpZnkuY29tL2FkbWlu&shop=sim-usd.myshopify.com&state=St4te_-x&timestamp=1700000000';

  it('shows the exchange command with the raw query string exactly as received (the hmac is over it)', () => {
    const page = shopifyCallbackPage(new URL(`${base}/__dev/oauth/shopify/callback?${query}`), base);
    expect(page.status).toBe(200);
    expect(page.text).toContain('sim-usd.myshopify.com');
    expect(page.text).toContain(`curl -sS -X POST ${base}/api/oauth/shopify/exchange \\`);
    expect(page.text).toContain(`-d '${JSON.stringify({ query })}'`);
    expect(page.text).toContain('Bearer $ADMIN_TOKEN');
  });

  it('keeps percent-escapes as they came, not decoded and re-encoded', () => {
    const escaped = `${query}&extra=a%20b%2Bc`;
    expect(shopifyCallbackPage(new URL(`${base}/cb?${escaped}`), base).text).toContain(`"query":"${escaped}"`);
  });

  it('refuses a redirect without code, state, shop or hmac, and never puts shell-unsafe text into the command', () => {
    for (const name of ['code', 'state', 'shop', 'hmac']) {
      const without = query.split('&').filter((pair) => !pair.startsWith(`${name}=`)).join('&');
      expect(shopifyCallbackPage(new URL(`${base}/cb?${without}`), base).status).toBe(400);
    }
    expect(shopifyCallbackPage(new URL(`${base}/cb?error=access_denied`), base)).toEqual({ status: 400, text: expect.stringContaining('access_denied') });
    // Shopify's parameters are hex, base64url, digits and the domain: anything shell-significant is refused, not quoted.
    for (const unsafe of ['$(id)', 'a\\b', '`id`']) {
      const page = shopifyCallbackPage(new URL(`${base}/cb?${query}&x=${unsafe}`), base);
      expect(page.status).toBe(400);
      expect(page.text).not.toContain(unsafe);
    }
  });
});

describe('startupBanner, commerce steps', () => {
  const facts = {
    url: 'http://127.0.0.1:3000',
    databaseUrl: 'file:.data/sluice.db',
    engine: 'sqlite',
    appliedMigrations: [],
    usesSimulator: true,
    secretsFile: undefined,
    generatedSecrets: [],
    functionPaths: [],
    crons: [],
    cronsScheduled: false,
  };

  it('with the Shopify simulator: which stores exist, the start command for one, and the Printify account fulfilling it', () => {
    const text = startupBanner({ ...facts, simulated: ['Etsy', 'Printify', 'Shopify'], shopifyShops: ['sim-usd.myshopify.com', 'sim-jpy.myshopify.com'] });
    expect(text).toContain('sim-usd.myshopify.com, sim-jpy.myshopify.com');
    expect(text).toContain(`curl -sS "http://127.0.0.1:3000/api/oauth/shopify/start?tenant_id=demo&shop=sim-usd.myshopify.com" -H "Authorization: Bearer $ADMIN_TOKEN"`);
    expect(text).toContain(`"access_token":"${PRINTIFY_SIM_SHOPIFY_TOKEN}"`);
    expect(text).toContain(`"access_token":"${PRINTIFY_SIM_TOKEN}"`);
  });

  it('without it: no Shopify step', () => {
    const text = startupBanner({ ...facts, simulated: ['Etsy', 'Printify'], shopifyShops: [] });
    expect(text).not.toContain('shopify');
    expect(text).not.toContain(PRINTIFY_SIM_SHOPIFY_TOKEN);
  });
});
