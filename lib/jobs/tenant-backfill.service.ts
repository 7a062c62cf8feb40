import type { Runtime } from '../runtime.js';
import { listJobs } from './backfill-jobs.repository.js';
import { isActiveJob } from './job-lifecycle.js';
import type { JobRecord } from './job-record.js';

/** A tenant's history load across every connected account (seed 002: `backfill_status`, `backfill_completed_at`). */
export interface TenantBackfill {
  tenant_id: string;
  /** `none`: no backfill ever ran; `in_progress`: one still runs; `completed`: every connection's latest one ended. */
  status: 'none' | 'in_progress' | 'completed';
  /** When the last of them ended; null until then. */
  completed_at: string | null;
  /** Each connection's latest backfill. */
  jobs: { job_id: number; platform: string; connection_id: number | null; status: string; finished_at: string | null }[];
}

/** How many backfill jobs of a tenant are read: its connections' latest ones are among the newest. */
const MAX_JOBS = 500;

/**
 * The tenant's backfill status: complete when the latest `data-collection` job of each of its
 * connections has ended — succeeded, or failed with each entity's outcome recorded (a failed
 * entity can be re-run alone); its first incremental syncs are then due at the next sync slot.
 */
export async function tenantBackfill(runtime: Runtime, tenantId: string): Promise<TenantBackfill> {
  const jobs = await listJobs(runtime.database.db, { tenantId, type: 'data-collection' }, MAX_JOBS);
  return summarizeTenantBackfill(tenantId, jobs);
}

/** Pure: the status from the tenant's backfill jobs, newest first. */
export function summarizeTenantBackfill(tenantId: string, newestFirst: readonly JobRecord[]): TenantBackfill {
  const latest = new Map<string, JobRecord>();
  for (const job of newestFirst) {
    const key = job.connectionId === null ? job.scope : String(job.connectionId);
    if (!latest.has(key)) latest.set(key, job);
  }
  const jobs = [...latest.values()];
  const running = jobs.some((job) => isActiveJob(job.status));
  const finished = jobs.flatMap((job) => (job.finishedAt === null ? [] : [job.finishedAt.getTime()]));
  return {
    tenant_id: tenantId,
    status: jobs.length === 0 ? 'none' : running ? 'in_progress' : 'completed',
    completed_at: jobs.length === 0 || running || finished.length === 0 ? null : new Date(Math.max(...finished)).toISOString(),
    jobs: jobs.map((job) => ({ job_id: job.id, platform: job.platform, connection_id: job.connectionId, status: job.status, finished_at: job.finishedAt?.toISOString() ?? null })),
  };
}
