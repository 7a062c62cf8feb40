/**
 * Recognising the server errors the application reacts to, on every driver: mysql2 sets
 * `errno`; @planetscale/database's DatabaseError carries only a message such as
 * `… (errno 1062) (sqlstate 23000) …`; node:sqlite says `UNIQUE constraint failed`.
 */
function errnoOf(error: unknown): number | undefined {
  const e = error as { errno?: unknown; message?: unknown } | null;
  if (typeof e?.errno === 'number') return e.errno;
  const match = typeof e?.message === 'string' ? /\berrno (\d+)\b/.exec(e.message) : null;
  return match ? Number(match[1]) : undefined;
}

/** InnoDB deadlock (1213) or lock-wait timeout (1205), TiDB write conflict (9007): safe to run again. */
const TRANSIENT_LOCK_ERRNOS = new Set([1213, 1205, 9007]);

export function isTransientLockError(error: unknown): boolean {
  const errno = errnoOf(error);
  return errno !== undefined && TRANSIENT_LOCK_ERRNOS.has(errno);
}

/** A unique-key violation (MySQL 1062, SQLite SQLITE_CONSTRAINT_UNIQUE). */
export function isUniqueViolation(error: unknown): boolean {
  if (errnoOf(error) === 1062) return true;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /UNIQUE constraint failed/.test(message);
}
