import * as z from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { connectionListSchema, errorSchema, jobListSchema, jobSchema, openApiDocumentSchema, previewSchema, rateLimitConfigSchema, tenantBackfillSchema } from '../../lib/jobs/admin-api.schemas.js';
import { connectionListQuery, dataBackfillApproveBody, dataBackfillListQuery, jobIdQuery, jobListQuery, jobRequestBody, playlistRestoreBody, playlistSyncBody, rateLimitPutBody, runIdQuery, tenantPathQuery } from './admin-schemas.js';
import { dataBackfillArtifactsSchema, dataBackfillCreateDocBody, planJsonSchemaAnswer, dataBackfillRunListSchema, dataBackfillRunSchema } from '../../lib/data-backfills/data-backfill-api.schemas.js';
import { playlistRestorePreviewSchema, playlistSyncJobSchema, playlistSyncPreviewAnswerSchema } from '../../lib/connectors/youtube/playlist-sync/playlist-sync.api-schemas.js';

/**
 * The admin API's OpenAPI 3.1 description, generated from the schemas the endpoints validate
 * with (admin-schemas.ts) and the shapes they answer (lib/jobs/admin-api.schemas.ts).
 */
export function adminOpenApiDocument(serverUrl?: string) {
  return createDocument({
    openapi: '3.1.0',
    info: { title: 'Sluice admin API', version: '1.0.0', description: 'Jobs (backfills, syncs, analytics, playlist write-syncs), guarded data backfills and rate limits. Every operation but this document needs `Authorization: Bearer <ADMIN_TOKEN>`.' },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' } } },
    security: [{ adminToken: [] }],
    paths: {
      '/api/admin/backfill': {
        post: operation('createJob', 'Create a job', { body: jobRequestBody, ok: { status: '201', schema: jobSchema, description: 'The job, created' }, errors: ['400', '401', '404', '409'] }),
      },
      '/api/admin/backfill/preview': {
        post: operation('previewJob', 'Preview a job: its plan and cost; writes nothing', { body: jobRequestBody, ok: { status: '200', schema: previewSchema, description: 'The plan' }, errors: ['400', '401', '404', '409'] }),
      },
      '/api/admin/backfill/jobs': {
        get: operation('listJobs', 'Job history, newest first', { query: jobListQuery, ok: { status: '200', schema: jobListSchema, description: 'A page of jobs' }, errors: ['400', '401'] }),
      },
      '/api/admin/backfill/{jobId}': {
        get: operation('getJob', 'A job: status, progress, per-scope detail, errors, ETA', { path: jobIdQuery, ok: { status: '200', schema: jobSchema, description: 'The job' }, errors: ['400', '401', '404'] }),
        delete: operation('cancelJob', 'Cancel a job', { path: jobIdQuery, ok: { status: '200', schema: jobSchema, description: 'The job, cancelled' }, errors: ['400', '401', '404', '409'] }),
      },
      '/api/admin/backfill/{jobId}/pause': {
        post: operation('pauseJob', 'Pause a job (nothing more is claimed)', { path: jobIdQuery, ok: { status: '200', schema: jobSchema, description: 'The job, paused' }, errors: ['400', '401', '404', '409'] }),
      },
      '/api/admin/backfill/{jobId}/resume': {
        post: operation('resumeJob', 'Resume a paused job (runs now)', { path: jobIdQuery, ok: { status: '200', schema: jobSchema, description: 'The job, resumed' }, errors: ['400', '401', '404', '409'] }),
      },
      '/api/admin/backfill/config/rate-limit': {
        get: operation('getRateLimits', 'Per-budget limits and usage', { ok: { status: '200', schema: rateLimitConfigSchema, description: 'The rate-limit config' }, errors: ['400', '401'] }),
        put: operation('updateRateLimits', 'Change the given fields of the given budgets (null: back to the default)', {
          body: rateLimitPutBody,
          ok: { status: '200', schema: rateLimitConfigSchema, description: 'The whole new config' },
          errors: ['400', '401'],
        }),
      },
      '/api/admin/connections': {
        get: operation('listConnections', "Each tenant's connected accounts with status (never a token)", { query: connectionListQuery, ok: { status: '200', schema: connectionListSchema, description: 'The connections' }, errors: ['400', '401'] }),
      },
      '/api/admin/tenants/{tenantId}/backfill': {
        get: operation('getTenantBackfill', "A tenant's backfill across its connections: status and completed_at", { path: tenantPathQuery, ok: { status: '200', schema: tenantBackfillSchema, description: 'The tenant backfill' }, errors: ['400', '401'] }),
      },
      '/api/admin/data-backfills': {
        post: operation('createDataBackfill', 'Start a guarded data backfill from a plan: its dry run, awaiting approval of apply', {
          body: dataBackfillCreateDocBody,
          ok: { status: '201', schema: dataBackfillRunSchema, description: 'The run, planned' },
          errors: ['400', '401', '409'],
        }),
        get: operation('listDataBackfills', 'Data-backfill runs, newest first', { query: dataBackfillListQuery, ok: { status: '200', schema: dataBackfillRunListSchema, description: 'The runs' }, errors: ['400', '401'] }),
      },
      '/api/admin/data-backfills/schema.json': {
        get: operation('getDataBackfillPlanSchema', "The plan file's JSON Schema (draft 2020-12)", { ok: { status: '200', schema: planJsonSchemaAnswer, description: 'JSON Schema' }, errors: ['400', '401'] }),
      },
      '/api/admin/data-backfills/{runId}': {
        get: operation('getDataBackfill', 'A run: status, phase, next phase, each phase’s results, approvals', { path: runIdQuery, ok: { status: '200', schema: dataBackfillRunSchema, description: 'The run' }, errors: ['400', '401', '404'] }),
      },
      '/api/admin/data-backfills/{runId}/approve': {
        post: operation('approveDataBackfill', 'Approve the phase the run waits for (who, when, a note; an override_reason past a failed phase)', {
          path: runIdQuery,
          body: dataBackfillApproveBody,
          ok: { status: '200', schema: dataBackfillRunSchema, description: 'The run, its phase released to the dispatcher' },
          errors: ['400', '401', '404', '409'],
        }),
      },
      '/api/admin/data-backfills/{runId}/rollback': {
        post: operation('rollbackDataBackfill', 'Restore the rows the apply changed (no approval needed); rows changed since are conflicts, left alone', {
          path: runIdQuery,
          ok: { status: '200', schema: dataBackfillRunSchema, description: 'The run, its rollback queued' },
          errors: ['400', '401', '404', '409'],
        }),
      },
      '/api/admin/data-backfills/{runId}/artifacts': {
        get: operation('getDataBackfillArtifacts', 'The artifacts of the phases that ran, rendered from the database', { path: runIdQuery, ok: { status: '200', schema: dataBackfillArtifactsSchema, description: 'The files' }, errors: ['400', '401', '404'] }),
      },
      '/api/admin/playlist-sync/preview': {
        post: operation('previewPlaylistSync', "Preview a playlist write-sync: each stage's count and quota units, the days it takes; writes nothing", {
          body: playlistSyncBody,
          ok: { status: '200', schema: playlistSyncPreviewAnswerSchema, description: 'The stages and their cost' },
          errors: ['400', '401', '404', '409'],
        }),
      },
      '/api/admin/playlist-sync': {
        post: operation('createPlaylistSync', "Start a playlist write-sync: the channel's playlists made to match the categories (job type playlist-sync)", {
          body: playlistSyncBody,
          ok: { status: '201', schema: playlistSyncJobSchema, description: 'The playlist-sync job, created; its status (GET /api/admin/backfill/{jobId}) carries the same stage fields' },
          errors: ['400', '401', '404', '409'],
        }),
      },
      '/api/admin/playlist-sync/{jobId}/restore': {
        post: operation('restorePlaylistSync', 'Recreate what a playlist-sync deleted, from its backup, as a job of its own; `preview: true` answers the plan (200) and writes nothing', {
          path: jobIdQuery,
          body: playlistRestoreBody,
          ok: { status: '201', schema: playlistSyncJobSchema, description: 'The restore job, created' },
          alternative: { status: '200', schema: playlistRestorePreviewSchema, description: 'With `preview: true`: what the restore would recreate and its cost' },
          errors: ['400', '401', '404', '409'],
        }),
      },
      '/api/admin/openapi.json': {
        get: { operationId: 'openApi', summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: openApiDocumentSchema } } } } },
      },
    },
  });
}

const ERROR_DESCRIPTIONS = {
  '400': 'invalid_request: `issues` names each invalid field (invalid_plan: the message starts with the field)',
  '401': 'unauthorized: missing or wrong bearer',
  '404': 'not_found',
  '409': 'job_active (with `job_id`) or conflict (e.g. a playlist sync on a connection without write access)',
  '413': 'payload_too_large: the body exceeds 1 MiB',
  '415': 'unsupported_media_type: the body is not sent as application/json',
} as const;

/** A success answer; an operation may have a second one (a restore's preview answers 200, its create 201). */
interface Answer {
  status: string;
  schema: z.ZodType;
  description: string;
}

function operation(
  operationId: string,
  summary: string,
  spec: { body?: z.ZodType; query?: z.ZodObject; path?: z.ZodObject; ok: Answer; alternative?: Answer; errors: (keyof typeof ERROR_DESCRIPTIONS)[] },
): ZodOpenApiOperationObject {
  const answers = [spec.ok, ...(spec.alternative ? [spec.alternative] : [])];
  const responses: ZodOpenApiResponsesObject = Object.fromEntries(answers.map((a) => [a.status, { description: a.description, content: { 'application/json': { schema: a.schema } } }]));
  // Every endpoint reads its body at the edge (json-body.ts), which refuses these for any operation that takes one.
  const errors: (keyof typeof ERROR_DESCRIPTIONS)[] = spec.body ? [...spec.errors, '413', '415'] : spec.errors;
  for (const status of errors) responses[status] = { description: ERROR_DESCRIPTIONS[status], content: { 'application/json': { schema: errorSchema } } };
  return {
    operationId,
    summary,
    ...(spec.query || spec.path ? { requestParams: { ...(spec.query ? { query: spec.query } : {}), ...(spec.path ? { path: spec.path } : {}) } } : {}),
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: spec.body } } } } : {}),
    responses,
  };
}
