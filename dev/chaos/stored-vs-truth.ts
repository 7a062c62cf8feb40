/**
 * What a harness checks after a run: the YouTube days its tasks covered, and the stored
 * `video_daily_metrics` of those channels against the simulator's ground truth for those days.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { fromDbJson } from '../../db/values.js';
import { CHUNK_DAYS } from '../../lib/connectors/youtube/daily-channel.task.js';
import { DAILY_CHANNEL_KIND } from '../../lib/connectors/youtube/task-keys.js';
import { chunkDays } from '../../lib/shared/calendar-days.js';
import { compareRows, type DataComparison, type MetricRow } from './chaos-report.js';
import type { SimulatorProcess } from './simulator-process.js';

/** Channel id → the report days its chunk tasks cover. */
export type ChannelDays = Map<string, Set<string>>;

/** The days covered by every YouTube chunk task, or only by one job's tasks. */
export async function daysOfTasks(db: Kysely<Database>, filter: { jobId?: number } = {}): Promise<ChannelDays> {
  let query = db.selectFrom('job_tasks').select('payload').where('kind', '=', DAILY_CHANNEL_KIND);
  if (filter.jobId !== undefined) query = query.where('job_id', '=', filter.jobId);
  const days: ChannelDays = new Map();
  for (const row of await query.execute()) {
    const payload = fromDbJson<{ channel_id: string; run_for_dt: string }>(row.payload)!;
    const channel = days.get(payload.channel_id) ?? new Set<string>();
    for (const day of chunkDays(payload.run_for_dt, CHUNK_DAYS)) channel.add(day);
    days.set(payload.channel_id, channel);
  }
  return days;
}

/** The stored rows of the channels in `days` against the simulator's ground truth for those days. */
export async function compareStoredWithTruth(db: Kysely<Database>, sim: Pick<SimulatorProcess, 'groundTruth'>, days: ChannelDays): Promise<DataComparison> {
  const truth: MetricRow[] = [];
  for (const [channelId, channelDays] of days) {
    const sorted = [...channelDays].sort();
    for (const row of await sim.groundTruth(channelId, sorted[0]!, sorted.at(-1)!)) {
      if (!channelDays.has(row.dt)) continue;
      const { views, estimatedMinutesWatched, averageViewDuration, likes, comments, shares, subscribersGained, subscribersLost } = row;
      truth.push({ channelId, videoId: row.videoId, dt: row.dt, values: [views, estimatedMinutesWatched, averageViewDuration, likes, comments, shares, subscribersGained, subscribersLost] });
    }
  }
  const channels = [...days.keys()];
  const rows = channels.length === 0 ? [] : await db.selectFrom('video_daily_metrics').selectAll().where('channel_id', 'in', channels).execute();
  const stored: MetricRow[] = rows.map((row) => ({
    channelId: row.channel_id,
    videoId: row.video_id,
    dt: String(row.dt).slice(0, 10),
    values: [row.views, row.estimated_minutes_watched, row.average_view_duration, row.likes, row.comments, row.shares, row.subscribers_gained, row.subscribers_lost].map(Number),
  }));
  return compareRows(stored, truth);
}
