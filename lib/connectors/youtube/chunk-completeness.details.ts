import type { JobDetailReader, JobTaskFacts } from '../connector.js';
import { listJobTasksOfKind } from '../../queue/repository/index.js';
import { dailyChannelCheckpointSchema, dailyChannelPayloadSchema } from './daily-channel.task.js';
import { DAILY_CHANNEL_KIND } from './task-keys.js';

/** One chunk's completeness, as the job status shows it (DESIGN.md "Jobs": per-type detail). */
export interface ChunkCompleteness {
  run_for_dt: string;
  status: JobTaskFacts['status'];
  /**
   * `complete`: no day's top list hit the cap; `capped`: at least one did (`capped_days`), so the
   * tail is fetched; `pending`: not all 7 read yet; `unknown`: the chunk ran before Sluice kept
   * its top lists' state.
   */
  top_list: 'complete' | 'capped' | 'pending' | 'unknown';
  capped_days: number;
  /** Videos the tail needs (published by the window's end and missing from a capped top list); null until it is known. */
  tail_videos: number | null;
  tail_fetched: number;
}

/** Pure: a daily_channel task's completeness, from its payload and checkpoint. */
export function chunkCompleteness(task: Pick<JobTaskFacts, 'status' | 'checkpoint'> & { payload: unknown }): ChunkCompleteness | null {
  const payload = dailyChannelPayloadSchema.safeParse(task.payload).data;
  if (!payload) return null;
  const checkpoint = dailyChannelCheckpointSchema.safeParse(task.checkpoint).data;
  const capped = checkpoint?.capped_days.length ?? 0;
  const ended = task.status === 'succeeded' || task.status === 'dead' || task.status === 'cancelled';
  const topList = capped > 0 ? 'capped' : checkpoint?.through === payload.run_for_dt ? 'complete' : !checkpoint && task.checkpoint != null && ended ? 'unknown' : 'pending';
  return {
    run_for_dt: payload.run_for_dt,
    status: task.status,
    top_list: topList,
    capped_days: capped,
    tail_videos: checkpoint?.tail?.videos ?? null,
    tail_fetched: checkpoint?.tail?.fetched ?? 0,
  };
}

/**
 * A metrics job's chunks, every one of them: for each, whether its top lists were complete or
 * how many tail videos were fetched. The job's message stays the jobs service's (its status,
 * progress and budget wait); this is detail beside it.
 */
export const chunkCompletenessDetails: JobDetailReader = async ({ db, job }) => {
  const tasks = await listJobTasksOfKind(db, job.id, DAILY_CHANNEL_KIND);
  const chunks = tasks.flatMap((task) => chunkCompleteness(task) ?? []).sort((a, b) => (a.run_for_dt < b.run_for_dt ? -1 : a.run_for_dt > b.run_for_dt ? 1 : 0));
  return { fields: { chunk_completeness: chunks } };
};
