import * as z from 'zod';
import { DeadlineReachedError, PermanentError } from '../../errors.js';
import { rebuildChannelDailyMetrics } from '../../metrics/channel-daily-metrics.repository.js';
import { addDays } from '../../shared/calendar-days.js';
import type { ConnectorTaskHandler, TaskDeps } from '../connector.js';
import type { YouTubeClient } from './youtube.client.js';
import type { YouTubeSettings } from './youtube.config.js';

/*
 * Strategy: `channel_daily_metrics` for start_date..end_date is rebuilt from stored
 * `video_daily_metrics` rows — no API call — in steps of at most 31 days, each step's upsert
 * and deletions committed with the checkpoint `{ v: 1, through: last day }`, so a retried or
 * reclaimed task resumes after it. A rebuild reads what is stored, so late data and removed
 * rows show up whenever the range is rebuilt again (the follow-up of every collection or sync).
 */

export const channelDailyRollupPayloadSchema = z
  .object({
    channel_id: z.string().min(1),
    start_date: z.iso.date(),
    end_date: z.iso.date(),
  })
  .refine((payload) => payload.start_date <= payload.end_date, { message: 'start_date is after end_date', path: ['start_date'] });
export type ChannelDailyRollupPayload = z.infer<typeof channelDailyRollupPayloadSchema>;

/** Version 1: the last day committed, inside the task's range. */
const checkpointSchema = z.object({ v: z.literal(1), through: z.iso.date() });

/** Days per step: one short transaction each, even on a channel with hundreds of videos a day. */
export const ROLLUP_STEP_DAYS = 31;

/** Pure: the steps (inclusive `[from, to]` days) from the day after `after` (or `start`) through `end`. */
export function rollupSteps(start: string, end: string, after?: string): [string, string][] {
  const steps: [string, string][] = [];
  for (let from = after === undefined ? start : addDays(after, 1); from <= end; from = addDays(from, ROLLUP_STEP_DAYS)) {
    const last = addDays(from, ROLLUP_STEP_DAYS - 1);
    steps.push([from, last < end ? last : end]);
  }
  return steps;
}

export function createChannelDailyRollupHandler(deps: TaskDeps<YouTubeSettings, YouTubeClient>): ConnectorTaskHandler {
  // Derived from stored rows only: this handler never uses the context's `call`.
  return async (task, { deadline, checkpoint, commitStep }) => {
    const payload = channelDailyRollupPayloadSchema.safeParse(task.payload);
    if (!payload.success) throw new PermanentError(`invalid channel_daily_rollup payload: ${payload.error.message}`);
    const { channel_id, start_date, end_date } = payload.data;
    // A checkpoint outside the range (another payload's, another version's) means starting
    // over: rebuilding a day twice is harmless, skipping one is not.
    const saved = checkpointSchema.safeParse(checkpoint).data?.through;
    const through = saved !== undefined && saved >= start_date && saved <= end_date ? saved : undefined;
    for (const [from, to] of rollupSteps(start_date, end_date, through)) {
      if (deps.clock.now() >= deadline) throw new DeadlineReachedError(`deadline reached before ${from}; the rollup resumes there`);
      await commitStep(async (trx) => {
        await rebuildChannelDailyMetrics(trx, { tenantId: task.tenantId, channelId: channel_id, startDate: from, endDate: to }, deps.clock.now());
      }, { v: 1, through: to });
    }
  };
}
