import * as z from 'zod';
import type { CommerceOwner } from '../../commerce/commerce-owner.js';
import { DeadlineReachedError, PermanentError } from '../../errors.js';
import type { Task } from '../../queue/repository/index.js';
import type { ConnectorTaskContext, TaskDeps } from '../connector.js';
import { commercePayloadSchema, type CommercePayload } from '../sync/commerce-plan.js';
import type { EtsyClient } from './etsy.client.js';
import type { EtsySettings } from './etsy.config.js';

/** How far before its cursor an incremental sync starts: changes stamped late, clocks apart. */
export const SYNC_OVERLAP_SECONDS = 600;

/** What every Etsy entity task works with: its payload, its shop, whose rows it writes, and its calls. */
export interface EtsyTaskRun {
  payload: CommercePayload;
  /** The connection's `external_account_id`: the Etsy shop id. */
  shopId: string;
  owner: CommerceOwner;
  /** One Etsy call with the connection's token; none starts at or after the invocation's deadline. */
  call<T>(before: string, run: (accessToken: string) => Promise<T>): Promise<T>;
  now(): Date;
}

export function startEtsyTask(deps: TaskDeps<EtsySettings, EtsyClient>, task: Task, context: ConnectorTaskContext, entity: string): EtsyTaskRun {
  const parsed = commercePayloadSchema.safeParse(task.payload);
  if (!parsed.success) throw new PermanentError(`invalid ${task.kind} payload: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
  if (parsed.data.entity !== entity) throw new PermanentError(`${task.kind} got a payload for entity "${parsed.data.entity}"`);
  const { connection } = context;
  return {
    payload: parsed.data,
    shopId: connection.externalAccountId,
    owner: { tenantId: task.tenantId, platform: 'etsy', connectionId: connection.id },
    call(before, run) {
      // The task resumes from its last committed step next invocation, spending no attempt.
      if (deps.clock.now() >= context.deadline) return Promise.reject(new DeadlineReachedError(`deadline reached before ${before}; the task resumes there`));
      return context.call(run);
    },
    now: () => deps.clock.now(),
  };
}

/**
 * A backfill's last second: the payload's `until` (the planner always sets one); without it, the
 * one a checkpoint already holds, else now — so a resumed task keeps the range it started with.
 */
export function backfillUntil(run: EtsyTaskRun, checkpointed: string | undefined): number {
  if (run.payload.until !== null) return Math.floor(Date.parse(run.payload.until) / 1_000);
  return checkpointed === undefined ? Math.floor(run.now().getTime() / 1_000) : secondsOfIso(checkpointed);
}

/** A task's count of the vendor's records: done so far, and the vendor's total when it says one. */
export const progressSchema = z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative().nullable() });
export type Progress = z.infer<typeof progressSchema>;

export const isoTime = z.iso.datetime();

/** Unix seconds ↔ the checkpoint's ISO text. */
export const isoOfSeconds = (seconds: number) => new Date(seconds * 1_000).toISOString();
export const secondsOfIso = (iso: string) => Math.floor(Date.parse(iso) / 1_000);

/** The later of two times (null: none yet). */
export function laterOf(current: Date | null, candidates: readonly Date[]): Date | null {
  return candidates.reduce<Date | null>((latest, time) => (latest === null || time > latest ? time : latest), current);
}
