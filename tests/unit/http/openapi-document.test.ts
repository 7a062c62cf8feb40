import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { adminOpenApiDocument } from '../../../api/_lib/openapi-document.js';
import type { WebFunction } from '../../../api/_lib/http.js';
import { discoverApiRoutes, type ApiRoute } from '../../../scripts/vercel-output/api-routes.js';

// The admin API's OpenAPI 3.1 document (issue 8, item 8): valid for a real OpenAPI 3.1
// validator, every Schema Object valid JSON Schema 2020-12, every $ref resolvable, and every
// admin function under api/admin — found as Vercel finds them, with the methods its handler
// really accepts — in it, each operation documenting its 401 and the error shape.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Json = Record<string, any>;
const document = adminOpenApiDocument('https://sluice.example') as unknown as Json;
/** Each operation of the document as [path, method, operation]. */
const operations = Object.entries(document.paths as Json).flatMap(([path, item]) =>
  METHODS.filter((method) => item[method] !== undefined).map((method) => [path, method, item[method] as Json] as const),
);

/** `/api/admin/backfill/[jobId]` → `/api/admin/backfill/{jobId}`. */
const openApiPath = (route: ApiRoute) => route.path.replace(/\[([^\]]+)\]/g, '{$1}');

/** The methods a function accepts, from its own answer: a method it refuses gets 405 with `Allow`. */
async function allowedMethods(route: ApiRoute): Promise<string[]> {
  const module = (await import(pathToFileURL(join(ROOT, route.file)).href)) as { default: WebFunction };
  const answer = await module.default.fetch(new Request(`https://sluice.example${route.path}`, { method: 'PATCH' }));
  expect({ route: route.path, status: answer.status }).toEqual({ route: route.path, status: 405 });
  return (answer.headers.get('allow') ?? '').split(',').map((method) => method.trim().toLowerCase()).filter(Boolean).sort();
}

/** The node a local `#/a/b` reference points at, or undefined. */
function resolvePointer(root: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Json)[key] : undefined), root);
}

/** Every value under `node` whose key is `key`, with where it was found. */
function collect(node: unknown, key: string, at = '#'): { at: string; value: unknown }[] {
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node as Json).flatMap(([name, value]) => [...(name === key ? [{ at: `${at}/${name}`, value }] : []), ...collect(value, key, `${at}/${name}`)]);
}

/** The Schema Objects of the document: components, parameters, bodies and answers. */
function schemaObjects(): { at: string; schema: Json }[] {
  const components = Object.entries((document.components?.schemas ?? {}) as Json).map(([name, schema]) => ({ at: `#/components/schemas/${name}`, schema }));
  const inline = operations.flatMap(([path, method, operation]) => [
    ...((operation.parameters ?? []) as Json[]).map((parameter) => ({ at: `${method} ${path} parameter ${parameter.name}`, schema: parameter.schema })),
    ...Object.entries((operation.requestBody?.content ?? {}) as Json).map(([type, media]) => ({ at: `${method} ${path} body ${type}`, schema: media.schema })),
    ...Object.entries((operation.responses ?? {}) as Json).flatMap(([status, response]) =>
      Object.entries((response.content ?? {}) as Json).map(([type, media]) => ({ at: `${method} ${path} ${status} ${type}`, schema: media.schema })),
    ),
  ]);
  return [...components, ...inline];
}

describe('the admin OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document for @seriousme/openapi-schema-validator', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
  });

  it('is refused by the same validator once broken, so the check above can fail', async () => {
    const broken = structuredClone(document);
    // A response without its required description, and an operation with an unknown field.
    delete broken.paths['/api/admin/backfill'].post.responses['201'].description;
    broken.paths['/api/admin/backfill/jobs'].get.returns = 'JobList';
    const result = await new Validator().validate(broken);
    expect(result.valid).toBe(false);
  });

  it('resolves every $ref inside itself', () => {
    const refs = collect(document, '$ref');
    expect(refs.length).toBeGreaterThan(10);
    const unresolved = refs.filter(({ value }) => typeof value !== 'string' || resolvePointer(document, value) === undefined);
    expect(unresolved).toEqual([]);
  });

  it('has only valid JSON Schema 2020-12 (the 3.1 dialect) as Schema Objects', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const schemas = schemaObjects();
    expect(schemas.map(({ at }) => at)).toEqual(expect.arrayContaining(['#/components/schemas/Job', '#/components/schemas/Error', '#/components/schemas/JobRequest']));
    const invalid = schemas.flatMap(({ at, schema }) => (ajv.validateSchema(schema) ? [] : [{ at, errors: ajv.errorsText(ajv.errors) }]));
    expect(invalid).toEqual([]);
    // A broken schema is caught the same way.
    expect(ajv.validateSchema({ type: 'integr' })).toBe(false);
  });

  it('gives every operation a unique operationId', () => {
    const ids = operations.map(([, , operation]) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  describe('against the functions under api/admin', () => {
    let routes: ApiRoute[];
    const documentedMethods = (path: string) => METHODS.filter((method) => document.paths[path]?.[method] !== undefined).sort();

    beforeAll(async () => {
      routes = (await discoverApiRoutes(ROOT)).filter((route) => route.path.startsWith('/api/admin/'));
    });

    it('finds the admin functions', () => {
      expect(routes.map((route) => route.file)).toEqual(
        expect.arrayContaining([
          'api/admin/backfill/index.ts',
          'api/admin/backfill/preview.ts',
          'api/admin/backfill/jobs.ts',
          'api/admin/backfill/[jobId]/index.ts',
          'api/admin/backfill/[jobId]/pause.ts',
          'api/admin/backfill/[jobId]/resume.ts',
          'api/admin/backfill/config/rate-limit.ts',
          'api/admin/openapi.json.ts',
          'api/admin/playlist-sync/index.ts',
          'api/admin/playlist-sync/preview.ts',
          'api/admin/playlist-sync/[jobId]/restore.ts',
        ]),
      );
    });

    it('documents each admin function at its path, with exactly the methods its handler accepts', async () => {
      const found = [];
      for (const route of routes) found.push({ path: openApiPath(route), methods: await allowedMethods(route) });
      expect(found.every(({ methods }) => methods.length > 0)).toBe(true);
      expect(found.map(({ path }) => ({ path, methods: documentedMethods(path) }))).toEqual(found);
    });

    it('documents no path without a function behind it', () => {
      expect(Object.keys(document.paths).sort()).toEqual(routes.map(openApiPath).sort());
    });

    it("names each route's path segments as required path parameters", () => {
      for (const route of routes) {
        for (const method of documentedMethods(openApiPath(route))) {
          const parameters = ((document.paths[openApiPath(route)][method].parameters ?? []) as Json[]).filter((parameter) => parameter.in === 'path');
          expect({ route: route.path, method, path: parameters.map((p) => ({ name: p.name, required: p.required })) }).toEqual({
            route: route.path,
            method,
            path: route.params.map((name) => ({ name, required: true })),
          });
        }
      }
    });
  });

  describe('errors', () => {
    const errorRef = { $ref: '#/components/schemas/Error' };
    const secured = operations.filter(([, , operation]) => (operation.security ?? document.security ?? []).length > 0);

    it('requires the admin bearer everywhere but on the document itself', () => {
      expect(document.components.securitySchemes.adminToken).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(document.security).toEqual([{ adminToken: [] }]);
      const open = operations.filter(([, , operation]) => !secured.some(([, , other]) => other === operation));
      expect(open.map(([path, method]) => `${method} ${path}`)).toEqual(['get /api/admin/openapi.json']);
      expect(secured.length).toBe(operations.length - 1);
    });

    it('documents a 401 with the error shape on every operation that needs the bearer', () => {
      const missing = secured.filter(([, , operation]) => operation.responses['401']?.content?.['application/json']?.schema?.$ref !== errorRef.$ref);
      expect(missing.map(([path, method]) => `${method} ${path}`)).toEqual([]);
    });

    it('answers every documented 4xx and 5xx with the error shape', () => {
      const statuses = operations.flatMap(([path, method, operation]) =>
        Object.entries(operation.responses as Json)
          .filter(([status]) => /^[45]/.test(status))
          .map(([status, response]) => ({ at: `${method} ${path} ${status}`, schema: response.content?.['application/json']?.schema })),
      );
      expect(statuses.length).toBeGreaterThanOrEqual(secured.length);
      expect(statuses.filter(({ schema }) => schema?.$ref !== errorRef.$ref).map(({ at }) => at)).toEqual([]);
    });

    it('documents a 400 on every operation behind the bearer: each refuses unknown query parameters', () => {
      expect(secured.filter(([, , operation]) => operation.responses['400'] === undefined).map(([path, method]) => `${method} ${path}`)).toEqual([]);
    });

    it('documents 413 and 415 wherever the operation takes a JSON body', () => {
      const withBody = operations.filter(([, , operation]) => operation.requestBody !== undefined);
      expect(withBody.map(([path, method]) => `${method} ${path}`).sort()).toEqual([
        'post /api/admin/backfill',
        'post /api/admin/backfill/preview',
        'post /api/admin/data-backfills',
        'post /api/admin/data-backfills/{runId}/approve',
        'post /api/admin/playlist-sync',
        'post /api/admin/playlist-sync/preview',
        'post /api/admin/playlist-sync/{jobId}/restore',
        'put /api/admin/backfill/config/rate-limit',
      ]);
      const missing = withBody.flatMap(([path, method, operation]) => ['413', '415'].filter((status) => operation.responses[status] === undefined).map((status) => `${method} ${path} ${status}`));
      expect(missing).toEqual([]);
    });

    it('describes the error shape: code and message required, the named issues and job_id optional', () => {
      const error = document.components.schemas.Error;
      expect(error.required).toEqual(['error']);
      const inner = error.properties.error;
      expect([...inner.required].sort()).toEqual(['code', 'message']);
      expect(inner.properties.issues.items.properties).toEqual({ path: { type: 'string' }, message: { type: 'string' } });
      expect(inner.properties.job_id.type).toBe('integer');
    });
  });

  it('names the server it is served from', () => {
    expect(document.servers).toEqual([{ url: 'https://sluice.example' }]);
    expect((adminOpenApiDocument() as Json).servers).toBeUndefined();
  });

  describe('the playlist write-sync (issue 13)', () => {
    const schemas = document.components.schemas as Json;
    const answerOf = (path: string, status: string) => document.paths[path]?.post?.responses?.[status]?.content?.['application/json']?.schema;

    it('lists its three operations with their request and answer schemas', () => {
      expect(answerOf('/api/admin/playlist-sync/preview', '200')).toEqual({ $ref: '#/components/schemas/PlaylistSyncPreview' });
      expect(answerOf('/api/admin/playlist-sync', '201')).toEqual({ $ref: '#/components/schemas/PlaylistSyncJob' });
      expect(answerOf('/api/admin/playlist-sync/{jobId}/restore', '201')).toEqual({ $ref: '#/components/schemas/PlaylistSyncJob' });
      expect(answerOf('/api/admin/playlist-sync/{jobId}/restore', '200')).toEqual({ $ref: '#/components/schemas/PlaylistRestorePreview' });
      const bodyOf = (path: string) => document.paths[path].post.requestBody.content['application/json'].schema;
      expect(bodyOf('/api/admin/playlist-sync/preview')).toEqual({ $ref: '#/components/schemas/PlaylistSyncRequest' });
      expect(bodyOf('/api/admin/playlist-sync')).toEqual({ $ref: '#/components/schemas/PlaylistSyncRequest' });
      expect(bodyOf('/api/admin/playlist-sync/{jobId}/restore')).toEqual({ $ref: '#/components/schemas/PlaylistRestoreRequest' });
      expect(schemas.PlaylistSyncRequest.required).toEqual(expect.arrayContaining(['tenant_id', 'channel_id', 'categories']));
    });

    it('describes the preview in the seed\'s shape', () => {
      const stages = schemas.PlaylistSyncStages;
      expect(Object.keys(stages.properties.stages.properties)).toEqual(['backup', 'create_playlists', 'add_videos', 'delete_playlists']);
      expect(stages.required).toEqual(expect.arrayContaining(['total_quota_cost', 'estimated_days', 'daily_quota_limit', 'preview_quota_cost']));
      expect(schemas.PlaylistRestorePreview.properties.preview).toEqual({ $ref: '#/components/schemas/PlaylistSyncStages' });
    });

    it("gives a playlist-sync job its optional status fields and its errors' stage and entity; the plain job has none of them", () => {
      expect(Object.keys(schemas.Job.properties)).not.toContain('stage');
      const job = schemas.PlaylistSyncJob;
      const fields = ['stage', 'current_stage_progress', 'current_stage_total', 'stage_results', 'quota_used_this_sync', 'pause_reason', 'resumes_at', 'last_resumed_at', 'error_count'];
      expect(Object.keys(job.properties)).toEqual(expect.arrayContaining(fields));
      expect(job.required.filter((name: string) => fields.includes(name))).toEqual([]);
      expect(job.properties.pause_reason.anyOf.flatMap((s: Json) => s.enum ?? [])).toEqual(['quota_exhausted', 'user_paused', 'errors_collected']);
      const error = job.properties.errors.items;
      expect(Object.keys(error.properties)).toEqual(['at', 'message', 'stage', 'entity_type', 'entity_id']);
      expect(error.required).toEqual(['at', 'message']);
    });
  });
});
