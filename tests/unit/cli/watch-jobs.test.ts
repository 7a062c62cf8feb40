import { describe, expect, it } from '@jest/globals';
import type { Job, JobList, JobListQuery } from '../../../cli/admin-schemas.js';
import type { Answer } from '../../../cli/admin-client.js';
import { AdminApiError, ServerUnreachableError } from '../../../cli/cli-errors.js';
import { abortableSleep, watchJobs, type WatchDisplay } from '../../../cli/watch-jobs.js';
import { job } from './fixtures.js';

const answer = <T>(value: T): Answer<T> => ({ value, json: value });

/**
 * A server whose jobs move one step per poll round: `timeline[id][round]` is the job's state
 * in that round (the last state stays). The active list shows the jobs active in the round.
 */
function scriptedServer(timeline: Record<string, Job[]>, startRound: Record<string, number> = {}) {
  let round = 0;
  const calls: string[] = [];
  const stateOf = (id: string): Job | undefined => {
    const from = startRound[id] ?? 0;
    if (round < from) return undefined;
    const states = timeline[id];
    if (states === undefined) return undefined;
    return states[Math.min(round - from, states.length - 1)];
  };
  return {
    calls,
    nextRound: () => round++,
    client: {
      getJob: async (id: string): Promise<Answer<Job>> => {
        calls.push(`get ${id}`);
        const state = stateOf(id);
        if (!state) throw new AdminApiError(404, 'not_found', `no job ${id}`);
        return answer(state);
      },
      listJobs: async (query: JobListQuery): Promise<Answer<JobList>> => {
        calls.push(`list ${query.status}`);
        const jobs = Object.keys(timeline).map(stateOf).filter((j): j is Job => j !== undefined && ['pending', 'running', 'paused'].includes(j.status));
        return answer({ jobs, next_cursor: null });
      },
    },
  };
}

function recordingDisplay() {
  const updates: { polled: unknown[]; all: string[] }[] = [];
  const display: WatchDisplay & { updates: typeof updates; stopped: boolean } = {
    updates,
    stopped: false,
    update: (polled, all) => updates.push({ polled: polled.map((a) => (a.json as Job).id), all: all.map((j) => `${j.id}:${j.status}:${j.progress.done}`) }),
    stop: () => {
      display.stopped = true;
    },
  };
  return display;
}

const at = (id: number, status: Job['status'], done: number) => job({ id, status, progress: { done, total: 4 } });

describe('watchJobs with IDs', () => {
  it('polls each job until it ends, then stops polling it', async () => {
    const server = scriptedServer({
      '1': [at(1, 'pending', 0), at(1, 'running', 2), at(1, 'succeeded', 4)],
      '2': [at(2, 'running', 1), at(2, 'failed', 2)],
    });
    const display = recordingDisplay();
    const sleeps: number[] = [];
    const result = await watchJobs({ ids: ['1', '2'], intervalMs: 250, client: server.client, display, sleep: async (ms) => void (sleeps.push(ms), server.nextRound()) });
    expect(result.interrupted).toBe(false);
    expect(result.jobs.map((j) => `${j.id}:${j.status}`)).toEqual(['1:succeeded', '2:failed']);
    expect(server.calls).toEqual(['get 1', 'get 2', 'get 1', 'get 2', 'get 1']);
    expect(display.updates).toEqual([
      { polled: [1, 2], all: ['1:pending:0', '2:running:1'] },
      { polled: [1, 2], all: ['1:running:2', '2:failed:2'] },
      { polled: [1], all: ['1:succeeded:4', '2:failed:2'] },
    ]);
    expect(sleeps).toEqual([250, 250]);
  });

  it('fails at once on a 404 (a wrong ID will not appear by waiting)', async () => {
    const server = scriptedServer({ '1': [at(1, 'running', 0)] });
    await expect(watchJobs({ ids: ['9'], intervalMs: 1, client: server.client, display: recordingDisplay(), sleep: async () => {} })).rejects.toMatchObject({ status: 404 });
  });
});

describe('watchJobs without IDs: every active job', () => {
  it('reads each job of the active list, picks up jobs that start meanwhile, reads each ended job once more, ends when none is active', async () => {
    const server = scriptedServer(
      {
        '1': [at(1, 'running', 1), at(1, 'running', 3), at(1, 'succeeded', 4)],
        '2': [at(2, 'pending', 0), at(2, 'cancelled', 0)],
      },
      { '2': 1 },
    );
    const display = recordingDisplay();
    const result = await watchJobs({ ids: [], intervalMs: 10, client: server.client, display, sleep: async () => void server.nextRound() });
    expect(result.jobs.map((j) => `${j.id}:${j.status}`)).toEqual(['1:succeeded', '2:cancelled']);
    expect(server.calls).toEqual([
      'list pending,running,paused',
      'get 1',
      'list pending,running,paused',
      'get 1',
      'get 2',
      'list pending,running,paused',
      'get 1',
      'get 2',
    ]);
    expect(display.updates.map((u) => u.all)).toEqual([['1:running:1'], ['1:running:3', '2:pending:0'], ['1:succeeded:4', '2:cancelled:0']]);
  });

  it('ends at once with no job when nothing is active', async () => {
    const server = scriptedServer({ '1': [at(1, 'succeeded', 4)] });
    const result = await watchJobs({ ids: [], intervalMs: 10, client: server.client, display: recordingDisplay(), sleep: async () => void server.nextRound() });
    expect(result).toEqual({ jobs: [], interrupted: false });
  });
});

describe('watchJobs when things go wrong', () => {
  it('waits out a few network errors and 5xx in a row, and reports each', async () => {
    const server = scriptedServer({ '1': [at(1, 'running', 1), at(1, 'running', 2), at(1, 'running', 2), at(1, 'succeeded', 4)] });
    // Polls 2 and 3 fail (the server restarting), poll 4 answers again.
    const failures: Record<number, Error> = { 2: new ServerUnreachableError('http://x', 'ECONNREFUSED'), 3: new AdminApiError(503, 'unavailable', 'restarting') };
    let polls = 0;
    const client = {
      ...server.client,
      getJob: async (id: string) => {
        const failure = failures[++polls];
        if (failure) throw failure;
        return server.client.getJob(id);
      },
    };
    const reported: string[] = [];
    const result = await watchJobs({
      ids: ['1'],
      intervalMs: 1,
      client,
      display: recordingDisplay(),
      sleep: async () => void server.nextRound(),
      onTransientFailure: (error, inARow) => reported.push(`${(error as Error).message} #${inARow}`),
    });
    expect(result.jobs[0]?.status).toBe('succeeded');
    expect(reported).toEqual(['cannot reach http://x: ECONNREFUSED #1', 'restarting #2']);
  });

  it('gives up after maxConsecutiveFailures transient failures in a row', async () => {
    let calls = 0;
    const client = {
      getJob: async () => {
        calls++;
        throw new ServerUnreachableError('http://x', 'ECONNREFUSED');
      },
      listJobs: async () => answer({ jobs: [], next_cursor: null }),
    };
    await expect(watchJobs({ ids: ['1'], intervalMs: 1, client, display: recordingDisplay(), sleep: async () => {}, maxConsecutiveFailures: 3 })).rejects.toBeInstanceOf(ServerUnreachableError);
    expect(calls).toBe(3);
  });

  it('does not wait out a 401', async () => {
    const client = {
      getJob: async () => {
        throw new AdminApiError(401, 'unauthorized', 'wrong bearer');
      },
      listJobs: async () => answer({ jobs: [], next_cursor: null }),
    };
    const reported: unknown[] = [];
    await expect(watchJobs({ ids: ['1'], intervalMs: 1, client, display: recordingDisplay(), sleep: async () => {}, onTransientFailure: (e) => reported.push(e) })).rejects.toMatchObject({ status: 401 });
    expect(reported).toEqual([]);
  });

  it('returns interrupted when Ctrl-C aborts the wait, with the states seen so far', async () => {
    const server = scriptedServer({ '1': [at(1, 'running', 1)] });
    const interrupt = new AbortController();
    setTimeout(() => interrupt.abort(), 20);
    const started = Date.now();
    const result = await watchJobs({ ids: ['1'], intervalMs: 60_000, client: server.client, display: recordingDisplay(), sleep: abortableSleep, signal: interrupt.signal });
    expect(result).toMatchObject({ interrupted: true, jobs: [{ id: 1, status: 'running' }] });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
