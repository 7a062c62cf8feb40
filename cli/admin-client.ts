/**
 * The admin API over `fetch`: one method per endpoint the CLI uses, each answer checked
 * against its schema (admin-schemas.ts). Every method returns the parsed value for the
 * human output and the JSON as sent for `--json`, which must print exactly the API's answer.
 */
import type * as z from 'zod';
import {
  ApiErrorBodySchema,
  JobListSchema,
  JobSchema,
  PreviewSchema,
  RateLimitConfigSchema,
  type BackfillRequest,
  type Job,
  type JobList,
  type JobListQuery,
  type Preview,
  type RateLimitChanges,
  type RateLimitConfig,
} from './admin-schemas.js';
import { ArtifactsSchema, RunListSchema, RunSchema, type ApproveRequest, type Artifacts, type Run, type RunList } from './pipeline-schemas.js';
import { PlaylistRestorePreviewSchema, PlaylistSyncStagesSchema, type PlaylistRestorePreview, type PlaylistSyncPreview } from './playlist-sync-schemas.js';
import type { PlaylistSyncRequest } from './playlist-sync-request.js';
import { AdminApiError, ServerUnreachableError, UnexpectedAnswerError, type ApiIssue } from './cli-errors.js';

export interface Answer<T> {
  value: T;
  /** The answer's JSON exactly as the server sent it. */
  json: unknown;
}

export interface AdminClientOptions {
  /** e.g. `http://localhost:3000` or `https://sluice.example.com/prefix` */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …`; without one the server answers 401. */
  token: string | undefined;
  fetch?: typeof fetch;
  /** Per request; a hung server must not hang a script. Default 30 s. */
  timeoutMs?: number;
}

export type AdminClient = ReturnType<typeof createAdminClient>;

export function createAdminClient(options: AdminClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function call<S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown): Promise<Answer<z.infer<S>>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers,
        signal: AbortSignal.timeout(timeoutMs),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      text = await response.text();
    } catch (error) {
      throw new ServerUnreachableError(base, networkReason(error), { cause: error });
    }
    const json = parseJson(text);
    if (!response.ok) throw apiError(response.status, json);
    if (json === undefined || typeof json === 'string') throw new UnexpectedAnswerError(`${method} ${path} answered ${response.status} with no JSON: ${excerpt(text) || '(empty)'}`);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new UnexpectedAnswerError(`${method} ${path} answered an unexpected shape (${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'})`);
    }
    return { value: parsed.data, json };
  }

  const job = (id: string) => `/api/admin/backfill/${encodeURIComponent(id)}`;
  const run = (id: string) => `/api/admin/data-backfills/${encodeURIComponent(id)}`;
  const restore = (id: string) => `/api/admin/playlist-sync/${encodeURIComponent(id)}/restore`;
  return {
    listJobs: (query: JobListQuery): Promise<Answer<JobList>> => call('GET', jobListPath(query), JobListSchema),
    getJob: (id: string): Promise<Answer<Job>> => call('GET', job(id), JobSchema),
    createJob: (request: BackfillRequest): Promise<Answer<Job>> => call('POST', '/api/admin/backfill', JobSchema, request),
    previewJob: (request: BackfillRequest): Promise<Answer<Preview>> => call('POST', '/api/admin/backfill/preview', PreviewSchema, request),
    cancelJob: (id: string): Promise<Answer<Job>> => call('DELETE', job(id), JobSchema),
    pauseJob: (id: string): Promise<Answer<Job>> => call('POST', `${job(id)}/pause`, JobSchema),
    resumeJob: (id: string): Promise<Answer<Job>> => call('POST', `${job(id)}/resume`, JobSchema),
    getRateLimits: (): Promise<Answer<RateLimitConfig>> => call('GET', '/api/admin/backfill/config/rate-limit', RateLimitConfigSchema),
    setRateLimit: (platform: string, changes: RateLimitChanges): Promise<Answer<RateLimitConfig>> =>
      call('PUT', '/api/admin/backfill/config/rate-limit', RateLimitConfigSchema, { platforms: { [platform]: changes } }),
    createRun: (plan: unknown): Promise<Answer<Run>> => call('POST', '/api/admin/data-backfills', RunSchema, { plan }),
    listRuns: (): Promise<Answer<RunList>> => call('GET', '/api/admin/data-backfills', RunListSchema),
    getRun: (id: string): Promise<Answer<Run>> => call('GET', run(id), RunSchema),
    approveRun: (id: string, request: ApproveRequest): Promise<Answer<Run>> => call('POST', `${run(id)}/approve`, RunSchema, request),
    rollbackRun: (id: string): Promise<Answer<Run>> => call('POST', `${run(id)}/rollback`, RunSchema),
    getArtifacts: (id: string): Promise<Answer<Artifacts>> => call('GET', `${run(id)}/artifacts`, ArtifactsSchema),
    previewPlaylistSync: (request: PlaylistSyncRequest): Promise<Answer<PlaylistSyncPreview>> => call('POST', '/api/admin/playlist-sync/preview', PlaylistSyncStagesSchema, request),
    createPlaylistSync: (request: PlaylistSyncRequest): Promise<Answer<Job>> => call('POST', '/api/admin/playlist-sync', JobSchema, request),
    previewPlaylistRestore: (id: string): Promise<Answer<PlaylistRestorePreview>> => call('POST', restore(id), PlaylistRestorePreviewSchema, { preview: true }),
    createPlaylistRestore: (id: string): Promise<Answer<Job>> => call('POST', restore(id), JobSchema, {}),
  };
}

/** `GET /api/admin/backfill/jobs` with only the filters given. */
export function jobListPath(query: JobListQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const search = params.toString();
  return `/api/admin/backfill/jobs${search ? `?${search}` : ''}`;
}

/** The typed error for a non-2xx answer; a body that is not the contract's still yields the status. */
export function apiError(status: number, json: unknown): AdminApiError {
  const parsed = ApiErrorBodySchema.safeParse(json);
  if (!parsed.success) {
    const text = typeof json === 'string' ? `: ${excerpt(json)}` : '';
    return new AdminApiError(status, `http_${status}`, `the server answered HTTP ${status}${text}`, { body: json });
  }
  const { code, message, issues, job_id } = parsed.data.error;
  return new AdminApiError(status, code, message, {
    issues: (issues ?? []).map((issue): ApiIssue => ({ path: Array.isArray(issue.path) ? issue.path.join('.') : issue.path, message: issue.message })),
    ...(job_id === undefined || job_id === null ? {} : { jobId: String(job_id) }),
    body: json,
  });
}

/** JSON when the text is JSON; the text itself otherwise (an HTML error page, a proxy's message). */
function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Node's fetch hides the socket error in `cause` (ECONNREFUSED, ENOTFOUND…). */
function networkReason(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'no answer in time';
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}
