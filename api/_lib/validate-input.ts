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
  // A strict object names a `__proto__` key itself; a record drops it unseen, so it is named here.
  const holder = parsed.success ? protoKeyHolder(value) : undefined;
  if (parsed.success && holder === undefined) return parsed.data;
  const issues = parsed.success ? [{ path: holder || where, message: 'unrecognized key "__proto__"' }] : parsed.error.issues.flatMap((issue) => describeIssue(issue, where));
  throw new ValidationError(`invalid ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

function describeIssue(issue: z.core.$ZodIssue, where: InputPart): { path: string; message: string }[] {
  const path = issue.path.length > 0 ? issue.path.map(String).join('.') : where;
  if (issue.code !== 'unrecognized_keys') return [{ path, message: issue.message }];
  const named = issue.keys.slice(0, MAX_NAMED_KEYS).map((key) => ({ path, message: `unrecognized key ${quoteKey(key)}` }));
  const more = issue.keys.length - named.length;
  return more > 0 ? [...named, { path, message: `and ${more} more unrecognized keys` }] : named;
}

/**
 * The path of an object holding its own `__proto__` key (JSON.parse makes one from
 * `{"__proto__": …}`), '' for the top level; undefined when none does. zod drops such a key
 * without a word — assigned to a plain object it would set the prototype — so a request
 * naming it would pass, its entry unchecked and ignored. It is refused instead, like any
 * unknown key.
 */
function protoKeyHolder(value: unknown): string | undefined {
  // Iterative: a deeply nested body must not overflow the stack.
  const pending: [unknown, string][] = [[value, '']];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, path] = next;
    if (typeof node !== 'object' || node === null) continue;
    if (Object.hasOwn(node, '__proto__')) return path;
    for (const [key, child] of Object.entries(node)) pending.push([child, path ? `${path}.${key}` : key]);
  }
  return undefined;
}

function quoteKey(key: string): string {
  return JSON.stringify(key.length > MAX_QUOTED_KEY ? `${key.slice(0, MAX_QUOTED_KEY)}…` : key);
}
