/**
 * A channel's stored per-(video, day) metrics in the simulator's shape, and the simulator's truth
 * without its channel id, both sorted by day then video: what the big-channel bench and e2e
 * compare for equality, written once.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { DailyVideoMetrics } from '../dev/simulators/youtube/index.js';

export type VideoDayRow = Omit<DailyVideoMetrics, 'channelId'>;

export const byDayThenVideo = (a: { dt: string; videoId: string }, b: { dt: string; videoId: string }): number =>
  a.dt < b.dt ? -1 : a.dt > b.dt ? 1 : a.videoId < b.videoId ? -1 : a.videoId > b.videoId ? 1 : 0;

export async function storedVideoDays(db: Kysely<Database>, channelId: string): Promise<VideoDayRow[]> {
  return (await db.selectFrom('video_daily_metrics').selectAll().where('channel_id', '=', channelId).execute())
    .map((r) => ({
      videoId: r.video_id,
      dt: String(r.dt).slice(0, 10),
      views: Number(r.views),
      estimatedMinutesWatched: Number(r.estimated_minutes_watched),
      averageViewDuration: Number(r.average_view_duration),
      likes: Number(r.likes),
      comments: Number(r.comments),
      shares: Number(r.shares),
      subscribersGained: Number(r.subscribers_gained),
      subscribersLost: Number(r.subscribers_lost),
    }))
    .sort(byDayThenVideo);
}

export function truthVideoDays(truth: readonly DailyVideoMetrics[]): VideoDayRow[] {
  return truth.map(({ channelId: _channelId, ...row }) => row).sort(byDayThenVideo);
}
