import type { JobDetailReader, JobTaskFacts } from '../connector.js';
import { dailyChannelCheckpointSchema, dailyChannelPayloadSchema } from './daily-channel.task.js';
import { DAILY_CHANNEL_KIND } from './task-keys.js';

/** One chunk's completeness, as the job status shows it (DESIGN.md "Jobs": per-type detail). */
export interface ChunkCompleteness {
  run_for_dt: string;
  status: JobTaskFacts['status'];
  /** `complete`: no day's top list hit the cap; `capped`: at least one did (`capped_days`), so the tail is fetched; `pending`: not all 7 read yet. */
  top_list: 'complete' | 'capped' | 'pending';
  capped_days: number;
  /** Videos the tail needs (published by the window's end and missing from a capped top list); null until it is known. */
  tail_videos: number | null;
  tail_fetched: number;
}

/** Pure: a daily_channel task's completeness, from its payload and checkpoint. */
export function chunkCompleteness(task: Pick<JobTaskFacts, 'status' | 'payload' | 'checkpoint'>): ChunkCompleteness | null {
  const payload = dailyChannelPayloadSchema.safeParse(task.payload).data;
  if (!payload) return null;
  const checkpoint = dailyChannelCheckpointSchema.safeParse(task.checkpoint).data;
  const capped = checkpoint?.capped_days.length ?? 0;
  const readAll = checkpoint?.through === payload.run_for_dt;
  return {
    run_for_dt: payload.run_for_dt,
    status: task.status,
    top_list: capped > 0 ? 'capped' : readAll ? 'complete' : 'pending',
    capped_days: capped,
    tail_videos: checkpoint?.tail?.videos ?? null,
    tail_fetched: checkpoint?.tail?.fetched ?? 0,
  };
}

/**
 * A metrics job's chunks: for each, whether its top lists were complete or how many tail videos
 * were fetched; and a line saying so once a chunk needed its tail.
 */
export const chunkCompletenessDetails: JobDetailReader = async ({ tasks }) => {
  const chunks = tasks.filter((task) => task.kind === DAILY_CHANNEL_KIND).flatMap((task) => chunkCompleteness(task) ?? []);
  const capped = chunks.filter((chunk) => chunk.top_list === 'capped');
  if (capped.length === 0) return { fields: { chunks } };
  const fetched = capped.reduce((sum, chunk) => sum + chunk.tail_fetched, 0);
  const needed = capped.reduce((sum, chunk) => sum + (chunk.tail_videos ?? 0), 0);
  const done = tasks.filter((task) => task.kind === DAILY_CHANNEL_KIND && task.status === 'succeeded').length;
  return {
    fields: { chunks },
    message: `Fetching daily video metrics… ${done}/${chunks.length} weekly chunks; ${capped.length} hit the top list's cap: ${fetched.toLocaleString('en-US')}/${needed.toLocaleString('en-US')} tail videos fetched`,
  };
};
