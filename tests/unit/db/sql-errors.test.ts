import { describe, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { retryStatement } from '../../../db/retry-deadlocks.js';
import { isTransientLockError, isUniqueViolation } from '../../../db/sql-errors.js';

const deadlock = Object.assign(new Error('Deadlock found when trying to get lock'), { errno: 1213 });
// @planetscale/database's DatabaseError: the code lives only in the message.
const planetscale = (errno: number) => new Error(`target: sluice.-.primary: vttablet: rpc error: code = AlreadyExists desc = Duplicate entry 'x' for key 'y' (errno ${errno}) (sqlstate 23000)`);

describe('server errors on every driver', () => {
  it('recognises unique violations from mysql2, PlanetScale and SQLite', () => {
    expect(isUniqueViolation(Object.assign(new Error('Duplicate entry'), { errno: 1062 }))).toBe(true);
    expect(isUniqueViolation(planetscale(1062))).toBe(true);
    expect(isUniqueViolation(new Error('UNIQUE constraint failed: backfill_jobs.active_scope'))).toBe(true);
    expect(isUniqueViolation(deadlock)).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });

  it('recognises transient lock errors from mysql2 and PlanetScale', () => {
    expect(isTransientLockError(deadlock)).toBe(true);
    expect(isTransientLockError(planetscale(1205))).toBe(true);
    expect(isTransientLockError(planetscale(1062))).toBe(false);
  });
});

describe('retryStatement', () => {
  const failingOnce = () => {
    let calls = 0;
    return {
      run: async () => {
        if (++calls === 1) throw deadlock;
        return calls;
      },
      calls: () => calls,
    };
  };

  it('retries a statement that runs on its own', async () => {
    const statement = failingOnce();
    await expect(retryStatement({ isTransaction: false } as Kysely<any>, statement.run)).resolves.toBe(2);
  });

  it('never retries inside a transaction: the deadlock rolled it all back, its owner must retry', async () => {
    const statement = failingOnce();
    await expect(retryStatement({ isTransaction: true } as Kysely<any>, statement.run)).rejects.toBe(deadlock);
    expect(statement.calls()).toBe(1);
  });
});
