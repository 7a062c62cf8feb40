import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';
import { retryOnDeadlock } from './retry-deadlocks.js';

export type { Transaction };
/** A repository function that must run inside a transaction takes this, so its type says so. */
export type Trx = Transaction<Database>;

/**
 * Runs `work` in a transaction: the caller's when `db` already is one (it then owns the retry),
 * otherwise a new one, retried whole on a deadlock or lock-wait timeout.
 */
export function inTransaction<T>(db: Kysely<Database>, work: (trx: Trx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Trx);
  return retryOnDeadlock(() => db.transaction().execute(work));
}
