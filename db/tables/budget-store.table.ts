import type { DbTime } from '../values.js';

/** `budget_pace`: a budget's pacing state per (budget, key) — see migration 0007. */
export interface BudgetPaceTable {
  budget: string;
  budget_key: string;
  next_slot_at: DbTime | null;
  held_until: DbTime | null;
  held_reason: string | null;
  bucket_available: number | null;
  bucket_capacity: number | null;
  bucket_restore_rate: number | null;
  bucket_at: DbTime | null;
  deferred_until: DbTime | null;
  backfill_deferred_until: DbTime | null;
  updated_at: DbTime;
}

/** `budget_usage`: units counted in one bucket of a budget's quota window. */
export interface BudgetUsageTable {
  budget: string;
  budget_key: string;
  bucket_start: DbTime;
  used: number;
  backfill_used: number;
  updated_at: DbTime;
}
