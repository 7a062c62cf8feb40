import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type SqliteStatement,
} from 'kysely';

/**
 * Kysely's SqliteDialect speaks the better-sqlite3 interface; this adapts Node's built-in
 * `node:sqlite` (Node ≥ 22.13, unflagged) to it, so the embedded database needs no native build.
 */
export function openNodeSqlite(path: string): SqliteDatabase {
  const database = new DatabaseSync(path);
  // WAL lets readers run beside the single writer; busy_timeout makes a second process wait
  // for the write lock instead of failing at once.
  database.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;');
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      const statement = database.prepare(sql);
      return {
        reader: statement.columns().length > 0,
        all: (parameters) => statement.all(...toSqliteValues(parameters)),
        run: (parameters) => statement.run(...toSqliteValues(parameters)),
        iterate: (parameters) => statement.iterate(...toSqliteValues(parameters)),
      };
    },
  };
}

function toSqliteValues(parameters: ReadonlyArray<unknown>): SQLInputValue[] {
  return parameters.map((value) => {
    if (value === undefined) return null;
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (value instanceof Date) throw new TypeError('pass timestamps through toDbTime(), not as Date');
    return value as SQLInputValue;
  });
}

/**
 * Transactions start with BEGIN IMMEDIATE: the write lock is taken up front, so two processes
 * claiming at once queue on busy_timeout instead of one failing with SQLITE_BUSY on upgrade.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class NodeSqliteDialect extends SqliteDialect {
  readonly #path: string;
  constructor(path: string) {
    super({ database: async () => openNodeSqlite(path) });
    this.#path = path;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: async () => openNodeSqlite(this.#path) });
  }
}
