import type { Job } from './admin-schemas.js';
import { stageProgressOf } from './playlist-sync-stages.js';

/** One line of a job's per-scope detail, whatever the job type names it. */
export interface ScopeProgress {
  name: string;
  status: string;
  done: number;
  total: number;
  percent: number;
  message: string | undefined;
}

/**
 * A job's detail rows: `scopes` (chunks, stages), `entities` for a commerce job
 * (DESIGN.md "Contracts": `entities: [{entity, status, done, total, message}]`), or a playlist
 * sync's stages (its single task's scope says less than its stages do).
 */
export function scopeProgressOf(job: Job, now: Date): ScopeProgress[] {
  const stages = stageProgressOf(job, now);
  if (stages) return stages;
  // A commerce job's entities count records, which say more than its task kinds.
  const scopes = job.entities?.map((entry) => ({ ...entry, name: entry.entity, total: entry.total ?? entry.done })) ?? job.scopes?.map((entry) => ({ ...entry, name: entry.scope })) ?? [];
  return scopes.map((entry) => ({
    name: entry.name,
    status: entry.status,
    done: entry.done,
    total: entry.total,
    percent: percentOf(entry),
    message: entry.message ?? undefined,
  }));
}

/** The server's percent when it sent one; else done/total (an empty total is 0%, nothing done yet). */
export function percentOf(progress: { done: number; total: number; percent?: number | null | undefined }): number {
  if (typeof progress.percent === 'number' && Number.isFinite(progress.percent)) return progress.percent;
  return progress.total > 0 ? Math.min(100, (progress.done / progress.total) * 100) : 0;
}

/** `12/53 (22.6%)` */
export function formatProgress(progress: { done: number; total: number; percent?: number | null | undefined }): string {
  const percent = percentOf(progress);
  return `${progress.done}/${progress.total} (${Number.isInteger(percent) ? percent : percent.toFixed(1)}%)`;
}
