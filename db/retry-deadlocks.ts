import type { Kysely } from 'kysely';
import { isTransientLockError } from './sql-errors.js';

export { isTransientLockError };

/**
 * InnoDB resolves lock cycles by killing one transaction (ER_LOCK_DEADLOCK 1213) and may give
 * up waiting (ER_LOCK_WAIT_TIMEOUT 1205); TiDB reports write conflicts as 9007. A unit of work
 * that starts from scratch (a statement in autocommit, or a whole transaction) is safe to run
 * again, so these are retried a few times with a short, jittered pause. Any other error passes
 * through.
 */
export async function retryOnDeadlock<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isTransientLockError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10 * attempt));
    }
  }
}

/**
 * One statement, retried on a lock error only when it runs on its own. Inside a transaction a
 * deadlock has already rolled back the whole transaction: running the statement again would
 * commit it, and what follows, without what came before. There the error goes to whoever owns
 * the transaction (`inTransaction` retries the whole of it).
 */
export function retryStatement<T>(db: Kysely<any>, run: () => Promise<T>): Promise<T> {
  return db.isTransaction ? run() : retryOnDeadlock(run);
}
