import { describe, expect, it } from '@jest/globals';
import { webHandlerOf } from '../../../dev/local-server/api-handlers.js';
import { parseVercelJson } from '../../../scripts/vercel-output/vercel-json.js';

// What the local server accepts as a function, as Vercel's Node runtime does: a default
// export with fetch(), or per-method exports; a (req, res) module is refused by name.
const get = (method = 'GET') => new Request('http://x/api/f', { method });

describe('webHandlerOf', () => {
  it('runs export default { fetch } for every method, with `this` bound to the export', async () => {
    const module = { default: { tag: 'bound', fetch(this: { tag: string }, request: Request) { return Response.json({ tag: this.tag, method: request.method }); } } };
    const handler = webHandlerOf(module, 'api/f.ts');
    expect(await (await handler(get('DELETE'))).json()).toEqual({ tag: 'bound', method: 'DELETE' });
  });

  it('runs per-method exports and answers 405 with Allow for the others', async () => {
    const handler = webHandlerOf({ GET: () => new Response('got'), POST: async () => new Response('posted') }, 'api/f.ts');
    expect(await (await handler(get('POST'))).text()).toBe('posted');
    const refused = await handler(get('PUT'));
    expect({ status: refused.status, allow: refused.headers.get('allow') }).toEqual({ status: 405, allow: 'GET, POST' });
  });

  it('refuses a module with no Web handler, such as the old (req, res) signature', () => {
    expect(() => webHandlerOf({ default: (_req: unknown, _res: unknown) => undefined }, 'api/old.ts')).toThrow(
      'api/old.ts must export a Web handler: `export default { fetch(request) }` or `export function GET(request)`',
    );
  });
});

describe('parseVercelJson', () => {
  it('reads function settings from top-level functions (zero-config) and from builds[].config.functions', () => {
    expect(parseVercelJson({ functions: { 'api/a.ts': { maxDuration: 10 } } })).toEqual({ crons: [], functions: { 'api/a.ts': { maxDuration: 10 } }, usesBuilds: false });
    const built = parseVercelJson({
      builds: [{ src: 'package.json', use: '@vercel/static-build', config: { functions: { 'api/b.ts': { maxDuration: 60 } } } }],
      crons: [{ path: '/api/b', schedule: '* * * * *' }],
    });
    expect(built).toEqual({ crons: [{ path: '/api/b', schedule: '* * * * *' }], functions: { 'api/b.ts': { maxDuration: 60 } }, usesBuilds: true });
  });

  it('names what is wrong', () => {
    expect(() => parseVercelJson({ crons: [{ path: 'api/x', schedule: '' }] }, 'x/vercel.json')).toThrow(/^x\/vercel\.json: /);
  });
});
