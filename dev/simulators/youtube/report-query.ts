/**
 * Validation of YouTube Analytics `reports.query` parameters into one of the supported report shapes.
 * https://developers.google.com/youtube/analytics/reference/reports/query
 * https://developers.google.com/youtube/analytics/channel_reports — only these shapes are served:
 *   top videos:  dimensions=video, sort=-<metric> (required), maxResults (required, ≤ 200)
 *   time-based:  dimensions=day, optional filters=video==ID[,ID…], optional sort=day|-day
 *   totals:      no dimensions, optional filters=video==ID[,ID…]
 * Anything else is "The query is not supported", as the real API answers.
 */
import type { SimResponse } from '../_shared/http-io.js';
import { isIsoDay } from './dates.js';
import { badRequest, forbidden, queryNotSupported, requiredParameter, unknownIdentifier } from './google-errors.js';

export const SUPPORTED_METRICS = [
  'views',
  'estimatedMinutesWatched',
  'averageViewDuration',
  'likes',
  'comments',
  'shares',
  'subscribersGained',
  'subscribersLost',
] as const;
export type MetricName = (typeof SUPPORTED_METRICS)[number];

/** The top-videos report caps maxResults at 200 (channel_reports, "Top videos"). */
export const TOP_VIDEOS_MAX_RESULTS = 200;

export interface ReportQuery {
  startDate: string;
  endDate: string;
  metrics: MetricName[];
  dimension: 'day' | 'video' | null;
  /** From `filters=video==A,B`; null when not filtered. */
  videoFilter: string[] | null;
  sort: { field: string; descending: boolean } | null;
  maxResults: number | null;
  /** 1-based, as in the API. */
  startIndex: number;
}

export type ParsedReportQuery = { ok: true; query: ReportQuery } | { ok: false; response: SimResponse };

const fail = (response: SimResponse): ParsedReportQuery => ({ ok: false, response });
const isMetric = (name: string): name is MetricName => (SUPPORTED_METRICS as readonly string[]).includes(name);

/** A positive integer parameter; null when absent, NaN when malformed. */
function positiveInt(params: URLSearchParams, name: string): number | null {
  const raw = params.get(name);
  if (!raw) return null;
  return /^\d+$/.test(raw) && Number(raw) >= 1 ? Number(raw) : NaN;
}

/** `video==A` or `video==A,B`; null without filters; undefined for any other filter. */
function parseVideoFilter(filters: string): string[] | null | undefined {
  if (filters === '') return null;
  return /^video==([\w-]+(?:,[\w-]+)*)$/.exec(filters)?.[1]?.split(',');
}

/** One sort key ('-views', 'day'); null when absent; undefined for multi-key sorts, which no served shape uses. */
function parseSort(sort: string): ReportQuery['sort'] | undefined {
  if (sort === '') return null;
  if (sort.includes(',')) return undefined;
  return sort.startsWith('-') ? { field: sort.slice(1), descending: true } : { field: sort, descending: false };
}

export function parseReportQuery(params: URLSearchParams, ownChannelId: string): ParsedReportQuery {
  if (['ids', 'startDate', 'endDate', 'metrics'].some((name) => !params.get(name))) return fail(requiredParameter('Required'));
  const ids = params.get('ids');
  if (ids !== 'channel==MINE' && ids !== `channel==${ownChannelId}`) return fail(forbidden());

  const [startDate = '', endDate = ''] = [params.get('startDate'), params.get('endDate')].map(String);
  const badDate = [startDate, endDate].find((day) => !isIsoDay(day));
  if (badDate !== undefined) return fail(badRequest(`Invalid date '${badDate}': expected YYYY-MM-DD.`));
  if (startDate > endDate) return fail(badRequest('The start date must be earlier than or equal to the end date.'));

  const metrics = [...new Set(String(params.get('metrics')).split(',').map((m) => m.trim()))];
  const unknownMetric = metrics.find((name) => !isMetric(name));
  if (unknownMetric !== undefined) return fail(unknownIdentifier(unknownMetric, 'metrics'));

  const maxResults = positiveInt(params, 'maxResults');
  const startIndex = positiveInt(params, 'startIndex') ?? 1;
  if (Number.isNaN(maxResults) || Number.isNaN(startIndex)) return fail(badRequest('maxResults and startIndex must be positive integers.'));

  const videoFilter = parseVideoFilter(params.get('filters') ?? '');
  const sort = parseSort(params.get('sort') ?? '');
  if (videoFilter === undefined || sort === undefined) return fail(queryNotSupported());
  const base = { startDate, endDate, metrics: metrics.filter(isMetric), videoFilter, sort, maxResults, startIndex };
  const accept = (dimension: ReportQuery['dimension']): ParsedReportQuery => ({ ok: true, query: { ...base, dimension } });
  switch (params.get('dimensions') ?? '') {
    case 'video': {
      const ranked = sort?.descending === true && metrics.includes(sort.field) && videoFilter === null;
      return ranked && maxResults !== null && maxResults <= TOP_VIDEOS_MAX_RESULTS ? accept('video') : fail(queryNotSupported());
    }
    case 'day':
      return sort === null || sort.field === 'day' ? accept('day') : fail(queryNotSupported());
    case '':
      return sort === null ? accept(null) : fail(queryNotSupported());
    default:
      return fail(queryNotSupported());
  }
}
