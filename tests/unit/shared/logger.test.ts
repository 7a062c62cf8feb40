import { describe, expect, it } from '@jest/globals';
import { createLogger, formatLogLine, redact, REDACTED, type LogLevel } from '../../../lib/shared/logger.js';

const at = new Date('2026-11-29T10:00:00.000Z');

describe('formatLogLine', () => {
  it('writes one JSON object with time, level, event and the fields', () => {
    const line = formatLogLine('info', 'task.finished', { job_id: 3, task_id: 7, outcome: 'succeeded' }, at);
    expect(JSON.parse(line)).toEqual({ time: '2026-11-29T10:00:00.000Z', level: 'info', event: 'task.finished', job_id: 3, task_id: 7, outcome: 'succeeded' });
    expect(line).not.toContain('\n');
  });
});

describe('redact', () => {
  it('replaces values under secret-looking keys at any depth', () => {
    const out = redact({ headers: { authorization: 'Bearer abc', accept: 'json' }, tokens: { access_token: 'ya29', refresh_token: 'r1' }, client_secret: 's', code: 'c', job_id: 1 });
    expect(out).toEqual({ headers: { authorization: REDACTED, accept: 'json' }, tokens: REDACTED, client_secret: REDACTED, code: REDACTED, job_id: 1 });
  });

  it('masks bearer credentials inside free text and error messages', () => {
    expect(redact('sent Authorization: Bearer ya29.a0-XYZ_123 to google')).toBe(`sent Authorization: Bearer ${REDACTED} to google`);
    expect(redact(new Error('bad Bearer sk_live_1'))).toEqual({ name: 'Error', message: `bad Bearer ${REDACTED}` });
  });

  it('keeps null and absent secrets visible as such', () => {
    expect(redact({ refresh_token: null })).toEqual({ refresh_token: null });
  });
});

describe('createLogger', () => {
  it('binds child fields, filters by level and routes warn/error to their level', () => {
    const lines: [LogLevel, string][] = [];
    const logger = createLogger({ level: 'info', sink: (level, line) => lines.push([level, line]), now: () => at });
    const child = logger.child({ job_id: 9 });
    child.debug('hidden');
    child.info('shown', { task_id: 1 });
    child.error('failed', { error: new Error('boom') });
    expect(lines.map(([level]) => level)).toEqual(['info', 'error']);
    expect(JSON.parse(lines[0]![1])).toMatchObject({ event: 'shown', job_id: 9, task_id: 1 });
    expect(JSON.parse(lines[1]![1])).toMatchObject({ event: 'failed', job_id: 9, error: { name: 'Error', message: 'boom' } });
  });
});
