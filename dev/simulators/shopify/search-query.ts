/**
 * The part of Shopify's search syntax (https://shopify.dev/docs/api/usage/search-syntax) that
 * Sluice sends: `field:>=value` terms on created_at, updated_at and id, joined by spaces or AND.
 * A date without a zone is read in the shop's time zone, as Shopify reads it; a term this does
 * not understand is ignored, as Shopify ignores an unknown filter (it answers a search warning).
 */
import { zonedToUtcMs } from './shop-time.js';

export type SearchField = 'created_at' | 'updated_at' | 'id';

/** Inclusive lower and exclusive upper bound per field, on integer values (ms, ids). */
export type SearchRanges = Partial<Record<SearchField, { from: number; to: number }>>;

const FIELDS: readonly SearchField[] = ['created_at', 'updated_at', 'id'];

/** The tokens of a query: whitespace separates them except inside quotes. */
function tokens(query: string): string[] {
  return [...query.matchAll(/(?:[^\s'"]+|'[^']*'|"[^"]*")+/g)].map((match) => match[0]);
}

const unquote = (value: string): string => value.replace(/^(['"])(.*)\1$/, '$2');

/** [start, end) of the instant or day `value` names; null when it is not a date. */
function timeSpan(value: string, timezone: string): [number, number] | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]) - 1, Number(day[3])];
    return [zonedToUtcMs(timezone, y, m, d), zonedToUtcMs(timezone, y, m, d + 1)];
  }
  const local = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (local) {
    const [y, mo, d, h, mi, s] = local.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
    const ms = zonedToUtcMs(timezone, y, mo - 1, d, h, mi, s);
    return [ms, ms + 1];
  }
  if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : [ms, ms + 1];
}

/** The ranges `query` restricts; {} for none. */
export function parseSearchQuery(query: string | null | undefined, timezone: string): SearchRanges {
  const ranges: SearchRanges = {};
  for (const token of tokens(query ?? '')) {
    const term = /^([a-z_]+):(>=|<=|>|<)?(.+)$/.exec(token);
    if (!term) continue; // AND, and terms this does not understand
    const [, name = '', op = ':', raw = ''] = term;
    const field = FIELDS.find((candidate) => candidate === name);
    if (!field) continue;
    const value = unquote(raw);
    const span: [number, number] | null = field === 'id' ? (/^\d+$/.test(value) ? [Number(value), Number(value) + 1] : null) : timeSpan(value, timezone);
    if (!span) continue;
    const [start, end] = span;
    const bound = op === '>=' ? { from: start, to: Infinity } : op === '>' ? { from: end, to: Infinity } : op === '<' ? { from: -Infinity, to: start } : op === '<=' ? { from: -Infinity, to: end } : { from: start, to: end };
    const current = ranges[field] ?? { from: -Infinity, to: Infinity };
    ranges[field] = { from: Math.max(current.from, bound.from), to: Math.min(current.to, bound.to) };
  }
  return ranges;
}

/** Whether a record with these values falls in every range. */
export function inRanges(ranges: SearchRanges, values: Record<SearchField, number>): boolean {
  for (const field of FIELDS) {
    const range = ranges[field];
    if (range && !(values[field] >= range.from && values[field] < range.to)) return false;
  }
  return true;
}
