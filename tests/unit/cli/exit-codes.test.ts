import { describe, expect, it } from '@jest/globals';
import { AdminApiError, ServerUnreachableError, UnexpectedAnswerError, UsageError } from '../../../cli/cli-errors.js';
import { EXIT, exitCodeForError, exitCodeForOutcomes, exitCodeForStatus } from '../../../cli/exit-codes.js';

describe('exit codes', () => {
  it.each([
    [400, 2],
    [413, 2],
    [415, 2],
    [401, 6],
    [403, 6],
    [404, 4],
    [409, 5],
    [429, 1],
    [500, 1],
    [502, 1],
    [503, 1],
  ])('HTTP %i → %i', (status, code) => {
    expect(exitCodeForStatus(status)).toBe(code);
  });

  it('maps each kind of failure', () => {
    expect(exitCodeForError(new UsageError('x'))).toBe(EXIT.usage);
    expect(exitCodeForError(new AdminApiError(409, 'job_active', 'busy', { jobId: '4' }))).toBe(EXIT.conflict);
    expect(exitCodeForError(new AdminApiError(401, 'unauthorized', 'no'))).toBe(EXIT.unauthorized);
    expect(exitCodeForError(new ServerUnreachableError('http://localhost:3000', 'ECONNREFUSED'))).toBe(EXIT.failure);
    expect(exitCodeForError(new UnexpectedAnswerError('html'))).toBe(EXIT.failure);
    expect(exitCodeForError(new TypeError('bug'))).toBe(EXIT.failure);
  });

  it('after a watch: 0 only when every job succeeded, 3 when any failed or was cancelled', () => {
    expect(exitCodeForOutcomes(['succeeded', 'succeeded'])).toBe(0);
    expect(exitCodeForOutcomes([])).toBe(0);
    expect(exitCodeForOutcomes(['succeeded', 'failed'])).toBe(3);
    expect(exitCodeForOutcomes(['cancelled'])).toBe(3);
  });

  it('are distinct for distinct outcomes', () => {
    expect(new Set(Object.values(EXIT)).size).toBe(Object.keys(EXIT).length);
  });
});
