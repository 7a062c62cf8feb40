import type { DbTime } from '../values.js';

/** `video_daily_metrics`: one row per (`channel_id`, `video_id`, `dt`), written by idempotent upserts. */
export interface VideoDailyMetricsTable {
  channel_id: string;
  video_id: string;
  /** `YYYY-MM-DD`, the report day in YouTube's (Pacific) calendar. */
  dt: string;
  tenant_id: string;
  views: number;
  estimated_minutes_watched: number;
  /** Seconds. */
  average_view_duration: number;
  likes: number;
  comments: number;
  shares: number;
  subscribers_gained: number;
  subscribers_lost: number;
  updated_at: DbTime;
}
