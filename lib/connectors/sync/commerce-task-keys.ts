/**
 * DESIGN.md contract: commerce tasks are `{tenant_id}:{platform}:{entity}:{account_id}:{window}`,
 * `window` being `backfill:{YYYY-MM-DD}:{YYYY-MM-DD}` or `sync:{slot}`.
 */
export function commerceTaskKey(tenantId: string, platform: string, entity: string, accountId: string, window: string): string {
  return `${tenantId}:${platform}:${entity}:${accountId}:${window}`;
}

export function backfillWindow(startDay: string, endDay: string): string {
  return `backfill:${startDay}:${endDay}`;
}

/**
 * Pure: the sync slot of `now`, the due time rounded down to the interval (`YYYY-MM-DDTHH:MMZ`),
 * so a duplicate cron delivery enqueues nothing and the next slot always runs.
 */
export function syncSlot(now: Date, intervalMinutes: number): string {
  const step = intervalMinutes * 60_000;
  const start = new Date(Math.floor(now.getTime() / step) * step);
  return `${start.toISOString().slice(0, 16)}Z`;
}
