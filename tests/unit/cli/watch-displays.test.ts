import { describe, expect, it } from '@jest/globals';
import type { Answer } from '../../../cli/admin-client.js';
import type { Job } from '../../../cli/admin-schemas.js';
import { ndjsonDisplay, progressBarsDisplay } from '../../../cli/watch-displays.js';
import { job, jobJson, NOW } from './fixtures.js';

/** A log file or a CI console: no TTY, so cli-progress prints blocks of lines. */
function logStream() {
  const chunks: string[] = [];
  return { stream: { write: (chunk: string) => chunks.push(chunk) > 0 } as unknown as NodeJS.WritableStream, text: () => chunks.join('') };
}

const scope = (name: string, done: number) => ({ scope: name, status: done === 2 ? 'succeeded' : 'running', done, total: 2, percent: done * 50, message: null });

describe('progressBarsDisplay off a terminal', () => {
  it('keeps every scope under its own job as jobs and scopes appear, and prints the final state on stop', () => {
    const log = logStream();
    const display = progressBarsDisplay({ stream: log.stream, intervalMs: 60_000, now: () => NOW });
    display.update([], [job({ id: 1, scopes: [scope('a', 1)] })]);
    display.update([], [job({ id: 1, scopes: [scope('a', 1)] }), job({ id: 2, scopes: [scope('x', 0)] })]);
    // Job 1 gains a scope after job 2 appeared: it must still be drawn under job 1.
    display.update([], [job({ id: 1, status: 'succeeded', eta: null, duration_seconds: 5, scopes: [scope('a', 2), scope('b', 2)] }), job({ id: 2, scopes: [scope('x', 1)] })]);
    display.stop();
    const finalBlock = log.text().trimEnd().split('\n').slice(-5);
    expect(finalBlock.map((line) => line.split('|')[0]!.trimEnd())).toEqual(['Job 1 data-collection', '  a', '  b', 'Job 2 data-collection', '  x']);
    expect(finalBlock[0]).toContain('succeeded');
    expect(finalBlock[4]).toContain(' 50% 1/2 running');
  });

  it('draws nothing when the watch found no job', () => {
    const log = logStream();
    const display = progressBarsDisplay({ stream: log.stream, intervalMs: 60_000, now: () => NOW });
    display.update([], []);
    display.stop();
    expect(log.text()).toBe('');
  });
});

describe('ndjsonDisplay', () => {
  it("prints each polled job's JSON as sent, one per line", () => {
    const lines: string[] = [];
    const display = ndjsonDisplay((text) => lines.push(text));
    const polled: Answer<Job>[] = [jobJson({ id: 1, extra: [1] }), jobJson({ id: 2 })].map((json) => ({ value: json as unknown as Job, json }));
    display.update(polled, []);
    expect(lines).toEqual([`${JSON.stringify(jobJson({ id: 1, extra: [1] }))}\n`, `${JSON.stringify(jobJson({ id: 2 }))}\n`]);
  });
});
