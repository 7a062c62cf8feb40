import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { fromDbTime } from '../../db/values.js';

/** One soak reading of one check (`data_backfill_samples`). */
export interface SoakSample {
  at: Date;
  check: string;
  value: number | null;
  passed: boolean;
  error: string | null;
}

/** The run's soak readings in the order taken (the `staging_observability.md` artifact). */
export async function listSamples(db: Kysely<Database>, runId: number): Promise<SoakSample[]> {
  const rows = await db.selectFrom('data_backfill_samples').selectAll().where('run_id', '=', runId).orderBy('id').execute();
  return rows.map((row) => ({ at: fromDbTime(row.at), check: row.check_name, value: row.value === null ? null : Number(row.value), passed: Number(row.passed) === 1, error: row.error }));
}
