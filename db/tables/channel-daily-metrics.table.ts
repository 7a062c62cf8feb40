import type { DbTime } from '../values.js';

/**
 * `channel_daily_metrics`: one row per (`channel_id`, `dt`), derived from `video_daily_metrics`
 * by the `analytics-generation` job — the sums of every metric column of the channel's videos
 * that day, and how many of them had views. Rebuilt from stored rows, never fetched.
 */
export interface ChannelDailyMetricsTable {
  channel_id: string;
  /** `YYYY-MM-DD`, the report day in YouTube's (Pacific) calendar. */
  dt: string;
  tenant_id: string;
  views: number;
  estimated_minutes_watched: number;
  /** The sum of the videos' average view durations (seconds), as every metric is summed. */
  average_view_duration: number;
  likes: number;
  comments: number;
  shares: number;
  subscribers_gained: number;
  subscribers_lost: number;
  /** Videos of the channel with `views > 0` that day. */
  videos_with_views: number;
  updated_at: DbTime;
}
