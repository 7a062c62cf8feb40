import { inTransaction } from '../../db/transaction.js';
import type { BudgetSpec } from '../connectors/connector.js';
import { ValidationError } from '../errors.js';
import type { Runtime } from '../runtime.js';
import { effectiveRateLimits, type RateLimitConfig, type RateLimits } from './rate-limit-config.js';
import { listRateLimitOverrides, saveRateLimitOverrides } from './rate-limits.repository.js';
import { readBudgetStates, type BudgetStates } from './budget-store.repository.js';
import { budgetUsage, type BudgetUsage } from './budget-usage.js';
import { LONGEST_WINDOW_MS } from './budget-policy.js';

/** `GET/PUT /api/admin/backfill/config/rate-limit` (DESIGN.md "Jobs"). */
export interface RateLimitConfigView {
  platforms: Record<string, RateLimits & { usage: BudgetUsage[] }>;
}

/** A budget with the platform that declares it. */
export type DeclaredBudget = BudgetSpec & { platform: string };

/**
 * Every enabled connector's budgets, with the environment's defaults. A connector whose module
 * fails to load is left out (and logged): the other platforms' work must not suffer for it.
 */
export async function declaredBudgets(runtime: Runtime): Promise<DeclaredBudget[]> {
  const budgets: DeclaredBudget[] = [];
  for (const platform of runtime.connectors.enabled()) {
    try {
      const { connector, settings } = await runtime.connectors.definition(platform);
      budgets.push(...connector.budgets(settings).map((spec) => ({ ...spec, platform })));
    } catch (error) {
      runtime.logger.error('budgets.connector_unavailable', { platform, error });
    }
  }
  return budgets;
}

/** The limits in force: the environment's defaults, overridden by what the admin stored. */
export async function loadRateLimits(runtime: Runtime): Promise<RateLimitConfig> {
  const [declared, overrides] = await Promise.all([declaredBudgets(runtime), listRateLimitOverrides(runtime.database.db)]);
  return effectiveRateLimits(declared, overrides, runtime.config.dispatchConcurrency);
}

/** Every budget as it stands: its declaration, the limits in force, and the store's counts. */
export interface BudgetSnapshot {
  declared: DeclaredBudget[];
  limits: RateLimitConfig;
  states: BudgetStates;
  now: Date;
}

export async function budgetSnapshot(runtime: Runtime): Promise<BudgetSnapshot> {
  const now = runtime.clock.now();
  const [declared, overrides, states] = await Promise.all([
    declaredBudgets(runtime),
    listRateLimitOverrides(runtime.database.db),
    readBudgetStates(runtime.database.db, new Date(now.getTime() - LONGEST_WINDOW_MS)),
  ]);
  return { declared, limits: effectiveRateLimits(declared, overrides, runtime.config.dispatchConcurrency), states, now };
}

export async function getRateLimitConfig(runtime: Runtime): Promise<RateLimitConfigView> {
  const { declared, limits, states, now } = await budgetSnapshot(runtime);
  return {
    platforms: Object.fromEntries(declared.map((spec) => [spec.key, { ...limits[spec.key]!, usage: budgetUsage(spec, limits[spec.key], states, now) }])),
  };
}

/** A PUT's fields for one budget: a number sets it, null puts the environment's default back. */
export type RateLimitsPatch = { [K in keyof RateLimits]?: number | null };

/**
 * Stores the fields given for each budget (the others keep their values) and answers the
 * whole new config. A budget no enabled connector declares is the caller's mistake, named; so
 * is a concurrency above the dispatcher's lanes: an invocation runs no more tasks than
 * DISPATCH_CONCURRENCY, and its database pool is sized for that many. Takes effect from the
 * next dispatch.
 */
export async function updateRateLimitConfig(runtime: Runtime, patch: Record<string, RateLimitsPatch>): Promise<RateLimitConfigView> {
  const known = new Set((await declaredBudgets(runtime)).map((budget) => budget.key));
  const unknown = Object.keys(patch).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new ValidationError(
      `unknown budget ${unknown.map((key) => `"${key}"`).join(', ')}: the budgets are ${[...known].join(', ')}`,
      unknown.map((key) => ({ path: `platforms.${key}`, message: `no enabled connector has a budget "${key}"` })),
    );
  }
  const lanes = runtime.config.dispatchConcurrency;
  const tooMany = Object.entries(patch).filter(([, fields]) => fields.concurrency != null && fields.concurrency > lanes);
  if (tooMany.length > 0) {
    const message = `at most ${lanes}, the dispatcher's lanes (DISPATCH_CONCURRENCY)`;
    throw new ValidationError(
      `concurrency of ${tooMany.map(([key]) => `"${key}"`).join(', ')} is ${message}`,
      tooMany.map(([key]) => ({ path: `platforms.${key}.concurrency`, message })),
    );
  }
  // Stored at the precision the edge accepts (3 and 4 decimals), so what is read back is what was set.
  const round = (value: number | null, places: number) => (value === null ? null : Math.round(value * 10 ** places) / 10 ** places);
  const overrides = Object.entries(patch).map(([budget, fields]) => ({
    budget,
    ...(fields.requests_per_second === undefined ? {} : { requestsPerSecond: round(fields.requests_per_second, 3) }),
    ...(fields.daily_quota === undefined ? {} : { dailyQuota: fields.daily_quota }),
    ...(fields.backfill_share === undefined ? {} : { backfillShare: round(fields.backfill_share, 4) }),
    ...(fields.concurrency === undefined ? {} : { concurrency: fields.concurrency }),
  }));
  await inTransaction(runtime.database.db, (trx) => saveRateLimitOverrides(trx, overrides, runtime.clock.now()));
  runtime.limits.invalidate();
  return getRateLimitConfig(runtime);
}
