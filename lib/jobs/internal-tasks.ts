import type { TaskHandler } from '../queue/drain-queue.js';
import type { Runtime } from '../runtime.js';

/**
 * The handlers of Sluice's own tasks (INTERNAL_PLATFORM), loaded on first use like a
 * connector's: a guarded data backfill's phases and rollback.
 */
export async function internalTaskHandler(runtime: Runtime, kind: string): Promise<TaskHandler | undefined> {
  if (!kind.startsWith('sluice.data_backfill_')) return undefined;
  const { dataBackfillHandler } = await import('../data-backfills/phase-tasks.js');
  return dataBackfillHandler(runtime, kind);
}
