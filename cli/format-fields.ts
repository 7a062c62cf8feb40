import { formatCount, truncate } from './format-table.js';

/**
 * `key value · other value` for an object's plain fields (one nested level as `a.b`), for
 * detail whose shape is the server's to extend (a budget, a chunk); a string or number as
 * itself; undefined when there is nothing plain to show.
 */
export function formatFields(value: unknown, max = 200): string | undefined {
  if (typeof value === 'string' || typeof value === 'number') return truncate(String(value), max);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const parts: string[] = [];
  for (const [key, field] of Object.entries(value)) {
    if (isPlain(field)) parts.push(`${key} ${plainText(field)}`);
    else if (typeof field === 'object' && field !== null && !Array.isArray(field)) {
      for (const [inner, innerField] of Object.entries(field)) if (isPlain(innerField)) parts.push(`${key}.${inner} ${plainText(innerField)}`);
    }
  }
  return parts.length > 0 ? truncate(parts.join(' · '), max) : undefined;
}

function isPlain(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function plainText(value: string | number | boolean | null): string {
  return typeof value === 'number' ? formatCount(value) : String(value);
}
