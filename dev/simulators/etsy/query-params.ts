/**
 * Query parameters as Etsy's endpoints validate them: integers in a range with a default,
 * enumerations, booleans; a bad value is a 400 naming the parameter. Pure.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export const parsed = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const invalid = <T>(error: string): Parsed<T> => ({ ok: false, error });

/** An integer in [min, max]; `fallback` when absent (null: optional). */
export function integerParam(params: URLSearchParams, name: string, min: number, max: number, fallback: number | null): Parsed<number | null> {
  const raw = params.get(name);
  if (raw === null || raw === '') return parsed(fallback);
  if (!/^-?\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    return invalid(max === Number.MAX_SAFE_INTEGER ? `${name} must be an integer greater than or equal to ${min}` : `${name} must be an integer from ${min} to ${max}`);
  }
  return parsed(Number(raw));
}

/** One of `values` (each mapped to what it means); `fallback` when absent. */
export function enumParam<T>(params: URLSearchParams, name: string, values: Record<string, T>, fallback: T): Parsed<T> {
  const raw = params.get(name);
  if (raw === null || raw === '') return parsed(fallback);
  if (!Object.hasOwn(values, raw)) return invalid(`${name} must be one of ${Object.keys(values).join(', ')}`);
  return parsed(values[raw] as T);
}

export function booleanParam(params: URLSearchParams, name: string): Parsed<boolean | null> {
  return enumParam<boolean | null>(params, name, { true: true, false: false, '1': true, '0': false }, null);
}

/** Etsy's `sort_order` spellings. */
export const SORT_ORDERS = { asc: false, ascending: false, up: false, desc: true, descending: true, down: true } as const;

/** Unix seconds: Etsy takes none before 2000-01-01 (946684800). */
export const MIN_TIMESTAMP = 946_684_800;

/** Page size: Etsy's default 25, at most 100. */
export const pageParams = (params: URLSearchParams): Parsed<{ limit: number; offset: number }> => {
  const limit = integerParam(params, 'limit', 1, 100, 25);
  if (!limit.ok) return limit;
  const offset = integerParam(params, 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
  if (!offset.ok) return offset;
  return parsed({ limit: limit.value ?? 25, offset: offset.value ?? 0 });
};
