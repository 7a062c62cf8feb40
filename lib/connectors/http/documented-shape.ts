import type * as z from 'zod';
import { PermanentError } from '../../errors.js';

/**
 * A vendor's answer read with its schema; one without the documented shape is permanent (the
 * vendor changed it: retrying reads the same), naming `what` and the first fields that differ.
 */
export function parseDocumented<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new PermanentError(`${what} does not have the documented shape: ${issues.join('; ')}`);
}
