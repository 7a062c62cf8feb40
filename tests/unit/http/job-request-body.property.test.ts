import { fc, test } from '@fast-check/jest';
import { describe, expect, it } from '@jest/globals';
import { jobRequestBody } from '../../../api/_lib/admin-schemas.js';
import { validateInput } from '../../../api/_lib/validate-input.js';
import { ValidationError } from '../../../lib/errors.js';

// Seed 001, property 3 (date-range validation), at the API edge: the create/preview body
// accepts exactly `start_date` ≤ `end_date` given together, or `days` alone, or neither, and
// every refusal is a 400 naming a field that is wrong. (resolveDateRange, which the planners
// run after this, has its own property test in tests/unit/shared/date-range.test.ts.)

type Field = 'start_date' | 'end_date' | 'days';

/** A real calendar day, 2000–2035. */
const day = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const notADay = fc.constantFrom<unknown>('2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '26-11-01', '2026-1-05', '2026-11-1', '', ' ', 'tomorrow', '0', '9999-99-99', '2026-11-01T00:00:00Z', ' 2026-11-01', '2026/11/01', 20261101, null, true, ['2026-11-01']);
const validDays = fc.integer({ min: 1, max: 3650 });
const badDays = fc.constantFrom<unknown>(0, -1, 3651, 1e9, 2.5, '7', null, false);

interface Given { value: unknown; valid: boolean }
const field = (good: fc.Arbitrary<unknown>, bad: fc.Arbitrary<unknown>) =>
  fc.option(fc.oneof({ weight: 4, arbitrary: good.map((value): Given => ({ value, valid: true })) }, { weight: 1, arbitrary: bad.map((value): Given => ({ value, valid: false })) }), { nil: undefined });

/** The fields a body gets wrong, by the rules the API documents. */
function wrongFields(start: Given | undefined, end: Given | undefined, days: Given | undefined): { wrong: Set<Field>; mustName: Set<Field> } {
  const malformed = new Set<Field>();
  if (start && !start.valid) malformed.add('start_date');
  if (end && !end.valid) malformed.add('end_date');
  if (days && !days.valid) malformed.add('days');
  const combination = new Set<Field>();
  if (start && !end) combination.add('end_date');
  if (end && !start) combination.add('start_date');
  if (start && end && days) combination.add('days');
  if (start?.valid && end?.valid && (start.value as string) > (end.value as string)) combination.add('start_date');
  const wrong = new Set([...malformed, ...combination]);
  // days with half a range: either may be named, the missing half must be.
  if (days && (start || end)) wrong.add('days');
  // A malformed field is always named. The combination's faults must be named when every
  // field is well-formed; with a malformed one, zod may stop before the cross-field check
  // (a value of the wrong type aborts it), and fixing the named field then shows the rest.
  return { wrong, mustName: malformed.size > 0 ? malformed : combination };
}

function issuesOf(body: Record<string, unknown>): { path: string; message: string }[] | 'accepted' {
  try {
    validateInput(jobRequestBody, body, 'body');
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return [...(error as ValidationError).issues];
  }
}

describe('POST /api/admin/backfill body: date ranges (property)', () => {
  test.prop([field(day, notADay), field(day, notADay), field(validDays, badDays)], { numRuns: 2_000 })(
    'accepts exactly the valid combinations; a refusal names every wrong field and only wrong ones',
    (start, end, days) => {
      const body: Record<string, unknown> = { tenant_id: 'acme', ...(start && { start_date: start.value }), ...(end && { end_date: end.value }), ...(days && { days: days.value }) };
      const { wrong, mustName } = wrongFields(start, end, days);
      const result = issuesOf(body);
      if (wrong.size === 0) {
        expect(result).toBe('accepted');
        return;
      }
      expect(result).not.toBe('accepted');
      const named = new Set((result as { path: string }[]).map((issue) => issue.path));
      for (const path of named) expect([path, wrong.has(path as Field)]).toEqual([path, true]);
      for (const path of mustName) expect([path, named.has(path)]).toEqual([path, true]);
    },
  );

  test.prop([day, day])('an accepted range comes back as given, start ≤ end', (a, b) => {
    const [start, end] = a <= b ? [a, b] : [b, a];
    expect(jobRequestBody.parse({ tenant_id: 'acme', start_date: start, end_date: end })).toMatchObject({ start_date: start, end_date: end });
  });

  it('the shrunk cases, spelt out', () => {
    expect(issuesOf({ tenant_id: 'a', start_date: '2026-11-02', end_date: '2026-11-01' })).toEqual([{ path: 'start_date', message: 'start_date 2026-11-02 is after end_date 2026-11-01' }]);
    expect(issuesOf({ tenant_id: 'a', start_date: '2026-11-01', end_date: '2026-11-01' })).toBe('accepted');
    expect(issuesOf({ tenant_id: 'a', days: 7 })).toBe('accepted');
    expect(issuesOf({ tenant_id: 'a' })).toBe('accepted');
    // A malformed end_date is end_date's problem alone: start_date is not "after" it.
    expect(issuesOf({ tenant_id: 'a', start_date: '2026-11-01', end_date: '0' })).toEqual([{ path: 'end_date', message: 'must be a day as YYYY-MM-DD' }]);
  });
});
