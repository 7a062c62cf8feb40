import type { z } from 'zod';
import { ValidationError } from '../../lib/errors.js';

export type InputPart = 'body' | 'query';

/** Unknown keys named one by one, at most this many; the rest are counted. */
const MAX_NAMED_KEYS = 20;
/** A key is quoted back at most this long: the caller needs to recognise it, not to read it back whole. */
const MAX_QUOTED_KEY = 64;

/**
 * `value` validated by `schema`, or a `ValidationError` (400) naming every problem as
 * `path: message` — an unknown key as `body: unrecognized key "froce"`, one issue per key.
 */
export function validateInput<T extends z.ZodType>(schema: T, value: unknown, where: InputPart): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.flatMap((issue) => describeIssue(issue, where));
  throw new ValidationError(`invalid ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

function describeIssue(issue: z.core.$ZodIssue, where: InputPart): { path: string; message: string }[] {
  const path = issue.path.length > 0 ? issue.path.map(String).join('.') : where;
  if (issue.code !== 'unrecognized_keys') return [{ path, message: issue.message }];
  const named = issue.keys.slice(0, MAX_NAMED_KEYS).map((key) => ({ path, message: `unrecognized key ${quoteKey(key)}` }));
  const more = issue.keys.length - named.length;
  return more > 0 ? [...named, { path, message: `and ${more} more unrecognized keys` }] : named;
}

function quoteKey(key: string): string {
  return JSON.stringify(key.length > MAX_QUOTED_KEY ? `${key.slice(0, MAX_QUOTED_KEY)}…` : key);
}
