import type { CommerceEntity } from '../../../db/tables/commerce.table.js';
import type { Task } from '../../queue/repository/index.js';
import type { ConnectorTaskContext, TaskDeps } from '../connector.js';
import { startCommerceTask, type CommerceTaskRun } from '../sync/commerce-task-run.js';
import type { EtsyClient } from './etsy.client.js';
import type { EtsySettings } from './etsy.config.js';

/** How far before its cursor an incremental sync starts: changes stamped late, clocks apart. */
export const SYNC_OVERLAP_SECONDS = 600;

/** An Etsy entity task's run: the shared commerce run (lib/connectors/sync), its account the Etsy shop id. */
export type EtsyTaskRun = CommerceTaskRun;

export function startEtsyTask(deps: TaskDeps<EtsySettings, EtsyClient>, task: Task, context: ConnectorTaskContext, entity: CommerceEntity): EtsyTaskRun {
  return startCommerceTask(deps, task, context, { platform: 'etsy', entity });
}

/**
 * A backfill's last second: the payload's `until` (the planner always sets one); without it, the
 * one a checkpoint already holds, else now — so a resumed task keeps the range it started with.
 */
export function backfillUntil(run: EtsyTaskRun, checkpointed: string | undefined): number {
  if (run.payload.until !== null) return Math.floor(Date.parse(run.payload.until) / 1_000);
  return checkpointed === undefined ? Math.floor(run.now().getTime() / 1_000) : secondsOfIso(checkpointed);
}

/** Unix seconds ↔ the checkpoint's ISO text. */
export const isoOfSeconds = (seconds: number) => new Date(seconds * 1_000).toISOString();
export const secondsOfIso = (iso: string) => Math.floor(Date.parse(iso) / 1_000);
