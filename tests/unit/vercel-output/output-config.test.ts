import { describe, expect, it } from '@jest/globals';
import type { Metafile } from 'esbuild';
import { routeForFile, type ApiRoute } from '../../../scripts/vercel-output/api-routes.js';
import { eagerPackageImports } from '../../../scripts/vercel-output/bundle-function.js';
import { dynamicRoutesFor, functionPathFor, indexOverridesFor, nodeRuntimeFor, settingsWithoutFunction, vcConfigFor } from '../../../scripts/vercel-output/output-config.js';
import { parseVercelJson } from '../../../scripts/vercel-output/vercel-json.js';

// The pure parts of the project's own Build Output: paths, runtime, .vc-config.json, the
// routes zero-config would have made, the eager-import guard.
const route = (file: string) => routeForFile(file) as ApiRoute;

describe('functionPathFor / nodeRuntimeFor / vcConfigFor', () => {
  it('puts api/jobs/dispatch.ts in functions/api/jobs/dispatch.func and api/items/index.ts in …/items/index.func', () => {
    expect(functionPathFor(route('api/jobs/dispatch.ts'))).toBe('api/jobs/dispatch');
    expect(functionPathFor(route('api/items/index.mts'))).toBe('api/items/index');
  });

  it('takes the runtime from engines.node "<major>.x" and refuses anything vaguer', () => {
    expect(nodeRuntimeFor('24.x')).toBe('nodejs24.x');
    expect(() => nodeRuntimeFor('>=24')).toThrow(/engines\.node must be "<major>\.x"/);
    expect(() => nodeRuntimeFor(undefined)).toThrow(/found undefined/);
  });

  it('writes a Web-handler .vc-config.json, with maxDuration only when vercel.json sets one', () => {
    expect(vcConfigFor({ runtime: 'nodejs24.x', handler: 'index.mjs', settings: { maxDuration: 60, memory: 1024, regions: ['iad1'], supportsCancellation: true }, sourcemaps: true })).toEqual({
      runtime: 'nodejs24.x',
      handler: 'index.mjs',
      launcherType: 'Nodejs',
      shouldAddHelpers: false,
      shouldAddSourcemapSupport: true,
      supportsResponseStreaming: true,
      maxDuration: 60,
      memory: 1024,
      regions: ['iad1'],
      supportsCancellation: true,
    });
    expect(vcConfigFor({ runtime: 'nodejs24.x', handler: 'index.mjs', settings: undefined, sourcemaps: false })).not.toHaveProperty('maxDuration');
  });

  it('names vercel.json settings that match no function, and refuses unknown settings and glob keys', () => {
    expect(settingsWithoutFunction({ 'api/jobs/dispatch.ts': {}, 'api/jobs/dispach.ts': { maxDuration: 60 } }, [route('api/jobs/dispatch.ts')])).toEqual(['api/jobs/dispach.ts']);
    expect(() => parseVercelJson({ functions: { 'api/jobs/dispatch.ts': { maxDuraton: 60 } } })).toThrow(/maxDuraton/);
    expect(() => parseVercelJson({ functions: { 'api/**/*.ts': { maxDuration: 60 } } })).toThrow(/Invalid key in record[\s\S]*api\/\*\*\/\*\.ts/);
  });
});

describe('dynamicRoutesFor', () => {
  it('routes [name] segments to their function with the segment in the query, and leaves static paths to the filesystem', () => {
    const routes = ['api/jobs/dispatch.ts', 'api/admin/backfill/[jobId].ts', 'api/admin/backfill/[jobId]/pause.ts', 'api/items/[id]/index.ts'].map(route);
    expect(dynamicRoutesFor(routes)).toEqual([
      { src: '^/api/admin/backfill/(?<jobId>[^/]+)/?$', dest: '/api/admin/backfill/[jobId]?jobId=$jobId' },
      { src: '^/api/admin/backfill/(?<jobId>[^/]+)/pause/?$', dest: '/api/admin/backfill/[jobId]/pause?jobId=$jobId' },
      { src: '^/api/items/(?<id>[^/]+)/?$', dest: '/api/items/[id]/index?id=$id' },
    ]);
    const [first] = dynamicRoutesFor(routes);
    expect(new RegExp(first!.src).exec('/api/admin/backfill/42/')?.groups).toEqual({ jobId: '42' });
    expect(new RegExp(first!.src).test('/api/admin/backfill/42/pause')).toBe(false);
  });
});

describe('indexOverridesFor', () => {
  it('serves x/index.html at /x, leaving the root index.html to the default', () => {
    expect(indexOverridesFor(['index.html', 'admin/index.html', 'admin/app.js', 'a/b/index.html'])).toEqual({
      'admin/index.html': { path: 'admin' },
      'a/b/index.html': { path: 'a/b' },
    });
  });
});

describe('eagerPackageImports', () => {
  const output = (imports: Metafile['outputs'][string]['imports']) => ({ bytes: 1, inputs: {}, imports, exports: [] });
  it('lists external packages the handler loads statically, through static chunks, but not node: built-ins or dynamic imports', () => {
    const metafile: Metafile = {
      inputs: {},
      outputs: {
        'f/index.mjs': output([
          { path: 'node:crypto', kind: 'import-statement', external: true },
          { path: 'f/chunks/shared.mjs', kind: 'import-statement' },
          { path: 'f/chunks/lazy.mjs', kind: 'dynamic-import' },
          { path: 'mysql2', kind: 'dynamic-import', external: true },
        ]),
        'f/chunks/shared.mjs': output([{ path: 'google-auth-library', kind: 'import-statement', external: true }]),
        'f/chunks/lazy.mjs': output([{ path: '@googleapis/youtube', kind: 'import-statement', external: true }]),
      },
    };
    expect(eagerPackageImports(metafile, 'f/index.mjs')).toEqual(['google-auth-library']);
  });
});

