/**
 * When a function must stop starting work so that what it started still ends inside its
 * invocation: the platform's deadline (`getDeadline()` from `@vercel/functions`, which
 * Vercel's runtime sets from the function's `maxDuration`) less `reserveMs`. Without a
 * platform deadline (a direct call, as in tests), `assumedDurationMs` from `now` stands in
 * for the invocation. Never earlier than `now`: a late start simply does no work.
 */
export interface WorkBudget {
  reserveMs: number;
  assumedDurationMs: number;
}

export function workDeadline(platformDeadline: Date | undefined, now: Date, budget: WorkBudget): Date {
  const end = platformDeadline?.getTime() ?? now.getTime() + budget.assumedDurationMs;
  return new Date(Math.max(now.getTime(), end - budget.reserveMs));
}
