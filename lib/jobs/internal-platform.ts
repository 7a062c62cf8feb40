/**
 * Sluice's own platform: jobs that call no vendor (a guarded data backfill's phases) run their
 * tasks under it, claimed and leased by the dispatcher like any connector's. Their handlers come
 * from lib/jobs/internal-tasks.ts, not from the connector registry.
 */
export const INTERNAL_PLATFORM = 'sluice';
