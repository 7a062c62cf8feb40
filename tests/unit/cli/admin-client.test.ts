import { describe, expect, it } from '@jest/globals';
import { createAdminClient, jobListPath } from '../../../cli/admin-client.js';
import { AdminApiError, ServerUnreachableError, UnexpectedAnswerError } from '../../../cli/cli-errors.js';
import { listAllJobs } from '../../../cli/list-all-jobs.js';
import { connectionRefused, fakeFetch, jobJson } from './fixtures.js';

const client = (fetch: typeof globalThis.fetch, token: string | undefined = 'secret') => createAdminClient({ baseUrl: 'http://localhost:3000/', token, fetch });
const failure = async (promise: Promise<unknown>): Promise<unknown> => promise.then(() => new Error('expected a failure'), (error: unknown) => error);

describe('admin client requests', () => {
  it('sends each call to its endpoint with the bearer and a JSON body', async () => {
    const fetch = fakeFetch(({ path }) => [200, path.includes('rate-limit') ? { platforms: {} } : path.includes('preview') ? previewJson : jobJson()]);
    const api = client(fetch);
    const request = { type: 'data-collection', platform: 'youtube', tenant_id: 'acme', days: 7 };
    await api.getJob('12');
    await api.createJob(request);
    await api.previewJob(request);
    await api.cancelJob('12');
    await api.pauseJob('12');
    await api.resumeJob('12');
    await api.getRateLimits();
    await api.setRateLimit('youtube-data', { daily_quota: 5000 });
    expect(fetch.requests.map(({ method, path, body }) => [method, path, body])).toEqual([
      ['GET', '/api/admin/backfill/12', undefined],
      ['POST', '/api/admin/backfill', request],
      ['POST', '/api/admin/backfill/preview', request],
      ['DELETE', '/api/admin/backfill/12', undefined],
      ['POST', '/api/admin/backfill/12/pause', undefined],
      ['POST', '/api/admin/backfill/12/resume', undefined],
      ['GET', '/api/admin/backfill/config/rate-limit', undefined],
      ['PUT', '/api/admin/backfill/config/rate-limit', { platforms: { 'youtube-data': { daily_quota: 5000 } } }],
    ]);
    expect(new Set(fetch.requests.map((r) => r.authorization))).toEqual(new Set(['Bearer secret']));
  });

  it('sends no authorization header without a token, and keeps a base URL prefix', async () => {
    const fetch = fakeFetch(() => [200, jobJson()]);
    await createAdminClient({ baseUrl: 'https://ops.example.com/sluice', token: undefined, fetch }).getJob('1');
    expect(fetch.requests[0]).toMatchObject({ path: '/sluice/api/admin/backfill/1', authorization: null });
  });

  it('builds the list query from the filters given only', () => {
    expect(jobListPath({})).toBe('/api/admin/backfill/jobs');
    expect(jobListPath({ status: 'pending,running,paused', tenant_id: 'a b', limit: 5 })).toBe('/api/admin/backfill/jobs?status=pending%2Crunning%2Cpaused&tenant_id=a+b&limit=5');
  });
});

const previewJson = { tasks: 1, skipped: 0, api_calls: 7, quota_units: 7, estimated_seconds: 2, estimated_days: 1 };

describe('admin client answers', () => {
  it('returns the parsed value and the JSON exactly as sent, extra fields included', async () => {
    const sent = jobJson({ budget_state: { remaining: 9 } });
    const answer = await client(fakeFetch(() => [200, sent])).getJob('12');
    expect(answer.json).toEqual(sent);
    expect(answer.value).toMatchObject({ id: 12, status: 'running', budget_state: { remaining: 9 } });
  });

  it('turns an error answer into AdminApiError with its code, message, issues and active job', async () => {
    const invalid = await failure(
      client(fakeFetch(() => [400, { error: { code: 'invalid_request', message: 'invalid body', issues: [{ path: 'days', message: 'too big' }, { path: ['a', 0], message: 'nested' }] } }])).createJob({ type: 't', platform: 'p', tenant_id: 'x' }),
    );
    expect(invalid).toBeInstanceOf(AdminApiError);
    expect(invalid).toMatchObject({ status: 400, code: 'invalid_request', message: 'invalid body', issues: [{ path: 'days', message: 'too big' }, { path: 'a.0', message: 'nested' }] });
    const active = await failure(client(fakeFetch(() => [409, { error: { code: 'job_active', message: 'busy', job_id: 7 } }])).createJob({ type: 't', platform: 'p', tenant_id: 'x' }));
    expect(active).toMatchObject({ status: 409, code: 'job_active', jobId: '7', body: { error: { code: 'job_active', message: 'busy', job_id: 7 } } });
  });

  it('reports an error answer that is not the contract by its status', async () => {
    expect(await failure(client(fakeFetch(() => [502, '<html>Bad gateway</html>'])).getJob('1'))).toMatchObject({
      status: 502,
      code: 'http_502',
      message: 'the server answered HTTP 502: <html>Bad gateway</html>',
    });
  });

  it('names the network failure when nothing answers', async () => {
    const error = await failure(client(fakeFetch(connectionRefused)).getJob('1'));
    expect(error).toBeInstanceOf(ServerUnreachableError);
    expect((error as Error).message).toBe('cannot reach http://localhost:3000: ECONNREFUSED');
  });

  it('refuses a 2xx answer that is not the contract, naming the field', async () => {
    const wrong = await failure(client(fakeFetch(() => [200, jobJson({ status: 'exploded' })])).getJob('1'));
    expect(wrong).toBeInstanceOf(UnexpectedAnswerError);
    expect((wrong as Error).message).toMatch(/^GET \/api\/admin\/backfill\/1 answered an unexpected shape \(status: /);
    const html = await failure(client(fakeFetch(() => [200, '<html></html>'])).getJob('1'));
    expect((html as Error).message).toBe('GET /api/admin/backfill/1 answered 200 with no JSON: <html></html>');
  });
});

describe('listAllJobs', () => {
  it('follows next_cursor to the end and answers one page-shaped JSON', async () => {
    const pages: Record<string, [number, unknown]> = {
      '': [200, { jobs: [jobJson({ id: 3 }), jobJson({ id: 2 })], next_cursor: 'c1' }],
      c1: [200, { jobs: [jobJson({ id: 1 })], next_cursor: null }],
    };
    const fetch = fakeFetch(({ path }) => pages[new URL(path, 'http://x').searchParams.get('cursor') ?? '']!);
    const all = await listAllJobs(client(fetch), { status: 'failed' });
    expect(all.value.jobs.map((job) => job.id)).toEqual([3, 2, 1]);
    expect(all.json).toEqual({ jobs: [jobJson({ id: 3 }), jobJson({ id: 2 }), jobJson({ id: 1 })], next_cursor: null });
    expect(fetch.requests.map((r) => r.path)).toEqual(['/api/admin/backfill/jobs?status=failed', '/api/admin/backfill/jobs?status=failed&cursor=c1']);
  });

  it('stops when a cursor comes back a second time', async () => {
    const fetch = fakeFetch(() => [200, { jobs: [jobJson()], next_cursor: 'same' }]);
    const all = await listAllJobs(client(fetch), {});
    expect(fetch.requests).toHaveLength(2);
    expect(all.value.jobs).toHaveLength(2);
  });
});
