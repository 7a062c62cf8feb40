import * as z from 'zod';
import { integer } from '../../config/env-schema.js';

/**
 * The environment every commerce connector reads (DESIGN.md "Contracts"): each connector's
 * fragment spreads `commerceEnv` into its own, so the variables are declared once.
 */
export const commerceEnv = {
  /** Earliest day a commerce backfill fetches; unset: the shop's whole history. */
  COMMERCE_BACKFILL_SINCE: z.iso.date({ error: 'COMMERCE_BACKFILL_SINCE must be a YYYY-MM-DD day' }).optional(),
  /** How often each entity's incremental sync is due; the sync cron's slots are this long. */
  COMMERCE_SYNC_INTERVAL_MINUTES: integer('COMMERCE_SYNC_INTERVAL_MINUTES').pipe(z.number().int().min(5).max(1440)).default(60),
};

export interface CommerceSettings {
  backfillSince: string | null;
  syncIntervalMinutes: number;
}

export function commerceSettings(e: { COMMERCE_BACKFILL_SINCE?: string | undefined; COMMERCE_SYNC_INTERVAL_MINUTES: number }): CommerceSettings {
  return { backfillSince: e.COMMERCE_BACKFILL_SINCE ?? null, syncIntervalMinutes: e.COMMERCE_SYNC_INTERVAL_MINUTES };
}
