import { describe, expect, it } from '@jest/globals';
import { runCli } from '../../../cli/run-cli.js';
import { connectionRefused, fakeFetch, jobJson, NOW, type RecordedRequest } from './fixtures.js';

// One CLI run against a fake `fetch`: which requests it sends, what it prints where, and its
// exit code. The real server is exercised by tests/e2e/cli/cli.e2e.test.ts.
function sink() {
  const chunks: string[] = [];
  return { stream: { write: (chunk: string | Uint8Array) => chunks.push(String(chunk)) > 0 } as unknown as NodeJS.WritableStream, text: () => chunks.join('') };
}

async function run(argv: string[], handler: (request: RecordedRequest) => [number, unknown] | Error, env: Record<string, string> = { ADMIN_TOKEN: 'tok' }) {
  const stdout = sink();
  const stderr = sink();
  const fetch = fakeFetch(handler);
  const code = await runCli({
    argv,
    env,
    cwd: '/nonexistent',
    stdout: stdout.stream,
    stderr: stderr.stream,
    fetch,
    now: () => NOW,
    readFile: () => undefined,
    sleep: async () => {},
  });
  return { code, stdout: stdout.text(), stderr: stderr.text(), requests: fetch.requests };
}

const never = (): [number, unknown] => {
  throw new Error('no request expected');
};

describe('runCli: output and exit codes', () => {
  it('prints help on --help (exit 0) and on no command (stderr, exit 2), sending nothing', async () => {
    const help = await run(['--help'], never);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: npx sluice <command> \[options\][\s\S]*Exit codes:/);
    const bare = await run([], never);
    expect(bare).toMatchObject({ code: 2, stdout: '' });
    expect(bare.stderr).toContain('Usage: npx sluice <command>');
    expect((await run(['jobs', 'watch', '--help'], never)).stdout).toContain('Usage: npx sluice jobs watch [ID…] [options]');
  });

  it('exits 2 on a usage error before any request', async () => {
    expect(await run(['jobs', 'create'], never)).toEqual({ code: 2, stdout: '', stderr: "sluice: --tenant is required\nRun 'npx sluice jobs create --help' for usage.\n", requests: [] });
  });

  it('shows a job for people, and the exact JSON with --json', async () => {
    const sent = jobJson({ extra: { kept: true } });
    const human = await run(['jobs', 'show', '12', '--url', 'http://127.0.0.1:4000'], () => [200, sent]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Progress:    12/53 (22.6%)\n');
    expect(human.requests).toEqual([{ method: 'GET', path: '/api/admin/backfill/12', authorization: 'Bearer tok', body: undefined }]);
    const json = await run(['jobs', 'show', '12', '--json'], () => [200, sent]);
    expect(JSON.parse(json.stdout)).toEqual(sent);
  });

  it('creates a job from flags and says how to watch it', async () => {
    const result = await run(['jobs', 'create', '--tenant', 'acme', '--days', '7'], () => [201, jobJson({ id: 31, status: 'pending' })]);
    expect(result.code).toBe(0);
    expect(result.requests[0]).toMatchObject({ method: 'POST', path: '/api/admin/backfill', body: { type: 'data-collection', platform: 'youtube', tenant_id: 'acme', days: 7 } });
    expect(result.stdout).toBe('Created job 31: data-collection on youtube for tenant acme, last 7 days\nWatch it: npx sluice jobs watch 31\n');
  });

  it('exits 5 on job_active naming the active job; --json also prints the error body', async () => {
    const body = { error: { code: 'job_active', message: 'acme:youtube:UC1:data-collection has an active job', job_id: 7 } };
    const result = await run(['jobs', 'create', '--tenant', 'acme', '--json'], () => [409, body]);
    expect(result.code).toBe(5);
    expect(JSON.parse(result.stdout)).toEqual(body);
    expect(result.stderr).toContain('sluice: acme:youtube:UC1:data-collection has an active job\n  active job: 7 ');
  });

  it("exits 2 on a 400 and prints each issue; 4 on a 404; 1 on a 5xx, with the API's message", async () => {
    const invalid = await run(['jobs', 'preview', '--tenant', 'acme'], () => [400, { error: { code: 'invalid_request', message: 'invalid request', issues: [{ path: 'platform', message: 'unknown platform' }] } }]);
    expect(invalid).toMatchObject({ code: 2, stderr: 'sluice: invalid request\n  platform: unknown platform\n' });
    expect(await run(['jobs', 'cancel', '99'], () => [404, { error: { code: 'not_found', message: 'no job 99' } }])).toMatchObject({ code: 4, stderr: 'sluice: no job 99\n' });
    expect(await run(['jobs', 'pause', '9'], () => [500, { error: { code: 'internal', message: 'internal error' } }])).toMatchObject({ code: 1, stderr: 'sluice: internal error\n' });
  });

  it('exits 6 on a 401, with a hint when no token was found', async () => {
    const result = await run(['jobs', 'list'], () => [401, { error: { code: 'unauthorized', message: 'missing or invalid bearer token' } }], {});
    expect(result.code).toBe(6);
    expect(result.requests[0]?.authorization).toBeNull();
    expect(result.stderr).toMatch(/^sluice: missing or invalid bearer token\n {2}no admin token was sent/);
  });

  it('exits 1 when the server cannot be reached', async () => {
    const result = await run(['config', 'rate-limit', 'get'], connectionRefused);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^sluice: cannot reach http:\/\/localhost:3000: ECONNREFUSED\n/);
  });

  it('lists every page with --all as one JSON answer', async () => {
    const result = await run(['jobs', 'list', '--all', '--json', '--status', 'failed'], ({ path }) =>
      path.includes('cursor=c2') ? [200, { jobs: [jobJson({ id: 1 })], next_cursor: null }] : [200, { jobs: [jobJson({ id: 2 })], next_cursor: 'c2' }],
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ jobs: [jobJson({ id: 2 }), jobJson({ id: 1 })], next_cursor: null });
  });

  it('sets one platform limit and prints the whole new config', async () => {
    const config = { platforms: { youtube: { requests_per_second: 3, daily_quota: 100, backfill_share: 0.5, concurrency: 1, usage: [] } } };
    const result = await run(['config', 'rate-limit', 'set', 'youtube', '--rps', '3'], () => [200, config]);
    expect(result.requests[0]).toMatchObject({ method: 'PUT', body: { platforms: { youtube: { requests_per_second: 3 } } } });
    expect(result.stdout).toContain('youtube   3           100          50%             1');
  });

  it("puts a limit back to the default with the word 'default' (null in the PUT)", async () => {
    const config = { platforms: { youtube: { requests_per_second: 10, daily_quota: null, backfill_share: 0.5, concurrency: 4, usage: [] } } };
    const result = await run(['config', 'rate-limit', 'set', 'youtube', '--rps', 'default'], () => [200, config]);
    expect(result.code).toBe(0);
    expect(result.requests[0]).toMatchObject({ method: 'PUT', body: { platforms: { youtube: { requests_per_second: null } } } });
  });

  it('help says the token is better passed by ADMIN_TOKEN than --token, on every help page', async () => {
    for (const argv of [['--help'], ['config', 'rate-limit', 'set', '--help'], ['jobs', 'list', '--help']]) {
      expect((await run(argv, never)).stdout).toContain('Prefer ADMIN_TOKEN to --token: a --token value shows in ps and in shell history.');
    }
    expect((await run(['config', 'rate-limit', 'set', '--help'], never)).stdout).toContain("Any value may be the word 'default'");
  });
});

describe('runCli: watch', () => {
  const states = (id: number, ...steps: [string, number][]) => steps.map(([status, done]) => jobJson({ id, status, progress: { done, total: 4, percent: done * 25 }, duration_seconds: status === 'succeeded' || status === 'failed' ? 90 : null }));

  function polling(byId: Record<string, Record<string, unknown>[]>) {
    const polls: Record<string, number> = {};
    return ({ path }: RecordedRequest): [number, unknown] => {
      const id = path.split('/').at(-1)!;
      const list = byId[id];
      if (!list) return [404, { error: { code: 'not_found', message: `no job ${id}` } }];
      const n = (polls[id] = (polls[id] ?? 0) + 1);
      return [200, list[Math.min(n - 1, list.length - 1)]];
    };
  }

  it('prints NDJSON, one line per job per poll, and exits 3 when a job failed', async () => {
    const result = await run(['jobs', 'watch', '1', '2', '--json'], polling({ '1': states(1, ['running', 1], ['succeeded', 4]), '2': states(2, ['running', 2], ['running', 3], ['failed', 3]) }));
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: number; status: string });
    expect(lines.map((job) => `${job.id}:${job.status}`)).toEqual(['1:running', '2:running', '1:succeeded', '2:running', '2:failed']);
    expect(result.code).toBe(3);
  });

  it('draws progress lines off a terminal, then one summary per job, and exits 0 when all succeeded', async () => {
    const result = await run(['jobs', 'watch', '1', '--interval', '100'], polling({ '1': states(1, ['running', 1], ['running', 3], ['succeeded', 4]) }));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Job 1 data-collection |████████████████████████| 100% 4/4 succeeded · Fetching daily metrics… 12/53 chunks · took 1m 30s');
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('Job 1 (data-collection, youtube, tenant acme) succeeded in 1m 30s');
  });

  it('creates then watches with --watch, and exits 4 when watching an unknown job', async () => {
    const handler = polling({ '5': states(5, ['succeeded', 4]) });
    const created = await run(['jobs', 'create', '--tenant', 'acme', '--watch', '--json'], (request) => (request.method === 'POST' ? [201, jobJson({ id: 5, status: 'pending' })] : handler(request)));
    expect(created.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { status: string }).status)).toEqual(['pending', 'succeeded']);
    expect(created.code).toBe(0);
    expect(await run(['jobs', 'watch', '77'], handler)).toMatchObject({ code: 4, stderr: 'sluice: no job 77\n' });
  });

  it('says so when no job is active', async () => {
    expect(await run(['jobs', 'watch'], () => [200, { jobs: [], next_cursor: null }])).toMatchObject({ code: 0, stdout: 'No active jobs.\n' });
  });
});
