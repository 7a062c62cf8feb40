import type { SqlFlavor } from '../../db/sql-flavor.js';
import type { RowImage } from './batches.repository.js';

/**
 * Pure: `backfill_logs/rollback_YYYY-MM-DD.sql`, the apply undone as SQL a person can read and run
 * for the run's engine: one UPDATE per changed row putting its before-image back, guarded by the
 * row's key and every changed column still holding the after-image, so a row someone changed
 * since is left alone (as `npx sluice pipeline rollback` does, which reports it as a conflict).
 */

export interface RollbackSqlInput {
  runId: number;
  name: string;
  table: string;
  key: readonly string[];
  /** The plan's selection as written, for the verification query. */
  where: string;
  flavor: SqlFlavor;
  /** The apply's first batch start: the file's date and the header's. */
  appliedAt: Date;
  rows: readonly Pick<RowImage, 'key' | 'before' | 'after'>[];
}

/** `rollback_2026-11-29.sql`: the apply's UTC day. */
export function rollbackFileName(appliedAt: Date): string {
  return `rollback_${appliedAt.toISOString().slice(0, 10)}.sql`;
}

export function rollbackSql(input: RollbackSqlInput): string {
  const { flavor, table } = input;
  const t = quoteIdentifier(table, flavor);
  const columns = [...new Set(input.rows.flatMap((row) => Object.keys(row.before)))];
  const header = [
    `-- Rollback of data-backfill run ${input.runId} (${input.name}) on ${table}, for ${flavor === 'mysql' ? 'MySQL/MariaDB' : 'SQLite'}`,
    `-- Applied ${input.appliedAt.toISOString()}; ${input.rows.length} changed row${input.rows.length === 1 ? '' : 's'}, one UPDATE each, restoring ${columns.join(', ') || 'nothing'}.`,
    '-- Each UPDATE matches its row only while every restored column still holds what the apply wrote:',
    '-- a row changed since affects 0 rows and is left alone (npx sluice pipeline rollback reports it as a conflict).',
    '--',
    '-- Verification:',
    `--   rows matching the plan's selection (again as many as the apply changed once rolled back, when the selection reads the changed columns):`,
    `--     SELECT COUNT(*) FROM ${t} WHERE ${oneLine(input.where)};`,
    ...columns.map((column) => `--   values of ${column}: SELECT ${quoteIdentifier(column, flavor)}, COUNT(*) FROM ${t} GROUP BY ${quoteIdentifier(column, flavor)};`),
  ];
  const statements = input.rows.map((row) => {
    const changed = Object.keys(row.before);
    const set = changed.map((column) => `${quoteIdentifier(column, flavor)} = ${sqlLiteral(row.before[column], flavor)}`).join(', ');
    const guard = [
      ...input.key.map((column, i) => equals(column, row.key[i], flavor)),
      ...changed.map((column) => equals(column, row.after[column], flavor)),
    ].join(' AND ');
    return `UPDATE ${t} SET ${set} WHERE ${guard};`;
  });
  return [...header, '', flavor === 'mysql' ? 'START TRANSACTION;' : 'BEGIN;', ...statements, 'COMMIT;', ''].join('\n');
}

/** `col = literal`, or `col IS NULL`: `= NULL` never matches. */
function equals(column: string, value: unknown, flavor: SqlFlavor): string {
  const ref = quoteIdentifier(column, flavor);
  return value === null || value === undefined ? `${ref} IS NULL` : `${ref} = ${sqlLiteral(value, flavor)}`;
}

/** An identifier quoted for the engine (plan identifiers are plain already; quoting keeps reserved words safe). */
export function quoteIdentifier(name: string, flavor: SqlFlavor): string {
  return flavor === 'mysql' ? `\`${name.replaceAll('`', '``')}\`` : `"${name.replaceAll('"', '""')}"`;
}

/**
 * A value as a SQL literal. Strings: `'` doubled on both engines; MySQL (without
 * NO_BACKSLASH_ESCAPES, its default) also reads `\` as an escape, so it is doubled there
 * (https://dev.mysql.com/doc/refman/8.4/en/string-literals.html); SQLite has no escapes
 * (https://sqlite.org/lang_expr.html#literal_values_constants_). Objects (JSON columns) as their JSON text.
 */
export function sqlLiteral(value: unknown, flavor: SqlFlavor): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${value} has no SQL literal`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? '1' : '0';
  const text = typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : JSON.stringify(value);
  const escaped = flavor === 'mysql' ? text.replaceAll('\\', '\\\\').replaceAll('\0', '\\0').replaceAll("'", "''") : text.replaceAll("'", "''");
  return `'${escaped}'`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
