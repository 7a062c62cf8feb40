import { describe, expect, it } from '@jest/globals';
import { DeadlineReachedError, PermanentError, RateLimitedError, RetryableError } from '../../../../lib/errors.js';
import { CALL_RETRY, retryTransient } from '../../../../lib/connectors/http/retry-transient.js';

const start = new Date('2026-11-29T12:00:00.000Z');

function harness(failures: Error[], deadlineMs = 60_000) {
  let clockMs = start.getTime();
  const waits: number[] = [];
  let calls = 0;
  const run = async () => {
    calls++;
    const failure = failures.shift();
    if (failure) throw failure;
    return 'ok';
  };
  const options = {
    deadline: new Date(start.getTime() + deadlineMs),
    clock: { now: () => new Date(clockMs) },
    random: () => 0.5,
    sleep: async (ms: number) => {
      waits.push(ms);
      clockMs += ms;
    },
  };
  return { go: () => retryTransient(run, options), waits, calls: () => calls };
}

describe('retryTransient', () => {
  it('retries a transient failure inside the task, with growing jittered waits', async () => {
    const h = harness([new RetryableError('503'), new RetryableError('timeout')]);
    await expect(h.go()).resolves.toBe('ok');
    expect(h.calls()).toBe(3);
    expect(h.waits).toEqual([375, 750]); // equal jitter at 0.5 of 500 ms, then 1 s
  });

  it(`gives up after ${CALL_RETRY.retries} retries with the last failure`, async () => {
    const last = new RetryableError('still 500');
    const h = harness([new RetryableError('1'), new RetryableError('2'), new RetryableError('3'), last]);
    await expect(h.go()).rejects.toBe(last);
    expect(h.calls()).toBe(CALL_RETRY.retries + 1);
  });

  it('never waits past the deadline: out of time, the task is rescheduled (no attempt), not failed', async () => {
    const h = harness([new RetryableError('503')], 300);
    const error = await h.go().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineReachedError);
    expect((error as Error).message).toMatch(/no time left to retry before the deadline: 503/);
    expect(h.waits).toEqual([]);
  });

  it.each([
    ['a rate limit (the queue reschedules it, spending nothing)', new RateLimitedError('429', new Date(start.getTime() + 30_000))],
    ['a permanent error', new PermanentError('400')],
  ])('passes %s straight through', async (_, error) => {
    const h = harness([error]);
    await expect(h.go()).rejects.toBe(error);
    expect(h.calls()).toBe(1);
  });
});
