import { inTransaction } from '../../db/transaction.js';
import { listConnections } from '../connections/connections.repository.js';
import type { JobParams, ScheduledSync } from '../connectors/connector.js';
import type { Connection } from '../connections/connections.repository.js';
import { entitiesWithCursors } from '../commerce/sync-cursors.repository.js';
import { kindsWithUnfinishedTasks } from '../queue/repository/index.js';
import type { Runtime } from '../runtime.js';
import { startJob } from './start-job.js';

/**
 * A cron's schedules across every enabled connector: for each active connection of the
 * platform, the scheduled job, idempotent per slot (a second delivery of the same cron
 * enqueues nothing). A sync whose last run is still active takes the new tasks in. Planning
 * needs no vendor client, so no vendor package loads here.
 *
 * One platform's failure does not cost the others their run (Vercel does not retry a cron):
 * it is logged and listed in `failed`. Answers the totals and each schedule's `reportAs`
 * fact (YouTube: `run_for_dt`, the day its daily chunk ends on).
 */
export async function runScheduledSyncs(runtime: Runtime, cron: ScheduledSync['cron']) {
  let connections = 0;
  let enqueued = 0;
  const details: Record<string, unknown> = {};
  const failed: { platform: string; error: string }[] = [];
  for (const platform of runtime.connectors.enabled()) {
    try {
      const definition = await runtime.connectors.definition(platform);
      const schedules = definition.connector.schedules.filter((s) => s.cron === cron);
      if (schedules.length === 0) continue;
      const active = await listConnections(runtime.database.db, { platform, status: 'active' });
      connections += active.length;
      for (const schedule of schedules) {
        for (const connection of active) {
          const params = await dueParams(runtime, schedule, connection);
          if (params === null) continue;
          const started = await inTransaction(runtime.database.db, (trx) =>
            startJob(trx, definition, connection, { type: schedule.job, params, whenActive: 'join' }, runtime.clock.now()),
          );
          enqueued += started.enqueued;
        }
        if (schedule.reportAs) details[schedule.reportAs.key] = schedule.reportAs.value(runtime.clock.now());
      }
    } catch (error) {
      runtime.logger.error('schedule.failed', { platform, cron, error });
      failed.push({ platform, error: (error as Error).message });
    }
  }
  return { connections, enqueued, ...details, ...(failed.length > 0 ? { failed } : {}) };
}

/**
 * What a connection's schedule runs now: the daily ones as declared; an incremental sync only
 * for the entities whose backfill ended (they hold a cursor: DESIGN.md `sync_cursors`), none
 * while the first backfill runs. An entity whose sync task of an earlier slot is still queued,
 * running or paused is left out: while a budget is exhausted that task waits, and each slot
 * would otherwise queue one more beside it (Etsy: one more full listings re-read an hour). It
 * reads from its cursor when it runs, so it brings in what the skipped slot would have.
 */
async function dueParams(runtime: Runtime, schedule: ScheduledSync, connection: Connection): Promise<JobParams | null> {
  if (schedule.cron !== 'sync') return schedule.params;
  const { db } = runtime.database;
  const withCursors = await entitiesWithCursors(db, connection.id);
  const waiting = new Set(await kindsWithUnfinishedTasks(db, connection.id, withCursors.map((entity) => syncKind(connection, entity)), SYNC_WINDOW));
  const entities = withCursors.filter((entity) => !waiting.has(syncKind(connection, entity)));
  return entities.length === 0 ? null : { ...schedule.params, entities };
}

/** What a sync task's dedupe key holds (DESIGN.md: `{tenant_id}:{platform}:{entity}:{account_id}:sync:{slot}`). */
const SYNC_WINDOW = ':sync:';

/** A commerce entity's task kind, `${platform}.${entity}` (lib/connectors/sync/commerce-plan.ts). */
function syncKind(connection: Connection, entity: string): string {
  return `${connection.platform}.${entity}`;
}
