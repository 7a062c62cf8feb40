/**
 * Builds the `youtubeAnalytics#resultTable` for a validated query from per-(video, day) rows.
 * https://developers.google.com/youtube/analytics/reference/reports/query#response
 * Columns: dimensions first, then metrics in the requested order. `rows` is omitted when empty, as
 * the real API does. Aggregates stay consistent with the daily rows: sums, and
 * averageViewDuration = round(estimatedMinutesWatched * 60 / views).
 */
import type { MetricName, ReportQuery } from './report-query.js';
import type { DailyVideoMetrics } from './types.js';

export interface ColumnHeader {
  name: string;
  columnType: 'DIMENSION' | 'METRIC';
  dataType: 'STRING' | 'INTEGER' | 'FLOAT';
}

export interface ResultTable {
  kind: 'youtubeAnalytics#resultTable';
  columnHeaders: ColumnHeader[];
  rows?: (string | number)[][];
}

type Sums = Record<Exclude<MetricName, 'averageViewDuration'>, number>;
const SUMMED = ['views', 'estimatedMinutesWatched', 'likes', 'comments', 'shares', 'subscribersGained', 'subscribersLost'] as const;

export function metricValue(sums: Sums, metric: MetricName): number {
  if (metric !== 'averageViewDuration') return sums[metric];
  return sums.views === 0 ? 0 : Math.round((sums.estimatedMinutesWatched * 60) / sums.views);
}

/** Sums the rows per dimension value (a single '' group without a dimension). */
function aggregate(rows: readonly DailyVideoMetrics[], dimension: ReportQuery['dimension']): [string, Sums][] {
  const groups = new Map<string, Sums>();
  for (const row of rows) {
    const key = dimension === 'video' ? row.videoId : dimension === 'day' ? row.dt : '';
    const sums = groups.get(key) ?? (Object.fromEntries(SUMMED.map((m) => [m, 0])) as Sums);
    for (const metric of SUMMED) sums[metric] += row[metric];
    groups.set(key, sums);
  }
  return [...groups];
}

/** Top videos by the sort metric, ties by id for a stable order; days ascending unless '-day'. */
function compareGroups({ dimension, sort }: Pick<ReportQuery, 'dimension' | 'sort'>): (a: [string, Sums], b: [string, Sums]) => number {
  const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  if (dimension === 'video' && sort) {
    const metric = sort.field as MetricName;
    return ([keyA, a], [keyB, b]) => metricValue(b, metric) - metricValue(a, metric) || byKey(keyA, keyB);
  }
  return ([keyA], [keyB]) => (sort?.descending ? -1 : 1) * byKey(keyA, keyB);
}

/**
 * The ids the top-videos report (`dimensions=video&sort=-views&maxResults=limit`) returns for
 * one day's rows: views descending, ties by id, exactly as buildResultTable orders them.
 */
export function topVideosOfDay(rows: readonly DailyVideoMetrics[], limit = 200): string[] {
  const order = compareGroups({ dimension: 'video', sort: { field: 'views', descending: true } });
  return aggregate(rows, 'video').sort(order).slice(0, limit).map(([videoId]) => videoId);
}

export function buildResultTable(query: ReportQuery, rows: readonly DailyVideoMetrics[]): ResultTable {
  const wanted = query.videoFilter && new Set(query.videoFilter);
  const groups = aggregate(wanted ? rows.filter((row) => wanted.has(row.videoId)) : rows, query.dimension).sort(compareGroups(query));
  const first = query.startIndex - 1;
  const page = groups.slice(first, query.maxResults === null ? undefined : first + query.maxResults);
  const dimensions = query.dimension ? [query.dimension] : [];
  const columnHeaders: ColumnHeader[] = [
    ...dimensions.map((name) => ({ name, columnType: 'DIMENSION', dataType: 'STRING' }) as const),
    ...query.metrics.map((name) => ({ name, columnType: 'METRIC', dataType: 'INTEGER' }) as const),
  ];
  const table: ResultTable = { kind: 'youtubeAnalytics#resultTable', columnHeaders };
  if (page.length > 0) {
    table.rows = page.map(([key, sums]) => [...(query.dimension ? [key] : []), ...query.metrics.map((metric) => metricValue(sums, metric))]);
  }
  return table;
}
