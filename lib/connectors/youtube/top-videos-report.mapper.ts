import type { VideoDayMetrics } from '../../metrics/video-daily-metrics.repository.js';
import type { ResultTable } from './youtube.schemas.js';

/** The metrics Sluice stores, as the Analytics API names them, with their columns in `video_daily_metrics`. */
export const REPORT_METRICS = {
  views: 'views',
  estimatedMinutesWatched: 'estimated_minutes_watched',
  averageViewDuration: 'average_view_duration',
  likes: 'likes',
  comments: 'comments',
  shares: 'shares',
  subscribersGained: 'subscribers_gained',
  subscribersLost: 'subscribers_lost',
} as const;

type MetricColumn = (typeof REPORT_METRICS)[keyof typeof REPORT_METRICS];

/** The documented top-videos report caps `maxResults` at 200 rows. */
export const TOP_VIDEOS_MAX_RESULTS = 200;

/**
 * Maps a one-day top-videos report (`dimensions=video`) to rows. Columns are found by
 * `columnHeaders` name, never by position; a report without `rows` has no data.
 */
export function mapTopVideosReport(table: ResultTable, context: { channelId: string; dt: string }): VideoDayMetrics[] {
  return readReport(table, 'video').map(({ key, metrics }) => ({ channelId: context.channelId, videoId: key, dt: context.dt, ...metrics }));
}

/**
 * Maps one video's time-based report (`dimensions=day`, `filters=video==ID`) to rows, one per
 * day. A day on which every metric is 0 is left out: the top-videos report has no row for it
 * either, so a video stored from either shape reads the same.
 */
export function mapVideoDaysReport(table: ResultTable, context: { channelId: string; videoId: string }): VideoDayMetrics[] {
  return readReport(table, 'day')
    .filter(({ metrics }) => Object.values(metrics).some((value) => value !== 0))
    .map(({ key, metrics }) => ({ channelId: context.channelId, videoId: context.videoId, dt: key, ...metrics }));
}

/** Each row's dimension value and stored metrics, read by column name. */
function readReport(table: ResultTable, dimension: 'video' | 'day'): { key: string; metrics: Record<MetricColumn, number> }[] {
  const index = new Map(table.columnHeaders.map((header, i) => [header.name, i]));
  const keyAt = index.get(dimension);
  if (keyAt === undefined) throw new Error(`report has no "${dimension}" column`);
  const metricAt = Object.entries(REPORT_METRICS).map(([metric, column]) => {
    const at = index.get(metric);
    if (at === undefined) throw new Error(`report has no "${metric}" column`);
    return [column, at] as const;
  });
  return (table.rows ?? []).map((row) => ({
    key: String(row[keyAt]),
    metrics: Object.fromEntries(metricAt.map(([column, at]) => [column, toInteger(row[at], column)])) as Record<MetricColumn, number>,
  }));
}

function toInteger(value: unknown, column: string): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number)) throw new Error(`report value for ${column} is not a number: ${String(value)}`);
  return Math.round(number);
}
