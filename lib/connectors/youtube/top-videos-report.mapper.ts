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
  const index = new Map(table.columnHeaders.map((header, i) => [header.name, i]));
  const videoAt = index.get('video');
  if (videoAt === undefined) throw new Error('report has no "video" column');
  const metricAt = Object.entries(REPORT_METRICS).map(([metric, column]) => {
    const at = index.get(metric);
    if (at === undefined) throw new Error(`report has no "${metric}" column`);
    return [column, at] as const;
  });
  return (table.rows ?? []).map((row) => {
    const metrics = Object.fromEntries(metricAt.map(([column, at]) => [column, toInteger(row[at], column)])) as Record<MetricColumn, number>;
    return { channelId: context.channelId, videoId: String(row[videoAt]), dt: context.dt, ...metrics };
  });
}

function toInteger(value: unknown, column: string): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number)) throw new Error(`report value for ${column} is not a number: ${String(value)}`);
  return Math.round(number);
}
