import { sql, type Kysely, type RawBuilder } from 'kysely';
import { fragmentSql } from './fragment-sql.js';
import type { Database } from '../../db/database.js';
import { sqlFlavorOf } from '../../db/sql-flavor.js';
import type { CheckedSqlUpdate } from './plan-check.js';

/**
 * The SQL an `sql-update` plan runs on its table: the one module that writes it. Identifiers are
 * the plan's, checked against the schema (plan-check.ts) and quoted by Kysely; conditions and
 * values are the plan's fragments as re-written from their syntax trees (sql-fragments.ts), so
 * what is embedded is exactly what was checked. Keys are compared as row values, in key order.
 */

export type KeyValues = unknown[];
export type Row = Record<string, unknown>;

/** A row a batch selected: its key, the set columns now, and the values the plan gives them. */
export interface SelectedRow {
  key: KeyValues;
  before: Row;
  after: Row;
}

const NEW = '__sluice_new_';

/** Rows the plan would change now: matching its selection, and not already holding the new values. */
export async function countRowsToChange(db: Kysely<any>, op: CheckedSqlUpdate): Promise<number> {
  const row = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(op.table)} where (${fragmentSql(op.where)}) and not (${unchanged(db, op)})`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}

/**
 * The next `limit` rows after `afterKey` (in key order) that the plan would change, and the
 * last key read (the batch cursor; null when no row is left). Read without locks: the batch's
 * transaction locks and reads again the rows it changes (lockRows).
 */
export async function nextBatchKeys(db: Kysely<any>, op: CheckedSqlUpdate, afterKey: KeyValues | null, limit: number): Promise<{ keys: KeyValues[]; lastKey: KeyValues | null }> {
  const keyList = sql.join(op.key.map((column) => sql.ref(column)));
  const after = afterKey === null ? sql`1 = 1` : keyAfter(op.key, afterKey);
  const result = await sql<Row>`select ${keyList} from ${sql.table(op.table)} where (${fragmentSql(op.where)}) and not (${unchanged(db, op)}) and ${after} order by ${keyList} limit ${limit}`.execute(db);
  const keys = result.rows.map((row) => op.key.map((column) => row[column]));
  return { keys, lastKey: keys.at(-1) ?? null };
}

/**
 * These rows as they are now, locked for the caller's transaction on MySQL (SQLite's write
 * transaction holds the whole database), keeping only those that still match the plan's selection
 * and do not hold its values yet: their set columns now (`before`) and as the plan makes them.
 */
export async function lockRows(db: Kysely<any>, op: CheckedSqlUpdate, keys: readonly KeyValues[], lock = true): Promise<SelectedRow[]> {
  if (keys.length === 0) return [];
  const keyList = sql.join(op.key.map((column) => sql.ref(column)));
  const newValues = op.set.map(({ column, value }) => sql`${fragmentSql(value)} as ${sql.ref(NEW + column)}`);
  const locking = lock && sqlFlavorOf(db) === 'mysql' ? sql` for update` : sql``;
  const result = await sql<Row>`select ${keyList}, ${sql.join([...op.set.map(({ column }) => sql.ref(column)), ...newValues])} from ${sql.table(op.table)} where (${fragmentSql(op.where)}) and not (${unchanged(db, op)}) and ${keyIn(op, keys)} order by ${keyList}${locking}`.execute(db);
  return result.rows.map((row) => ({
    key: op.key.map((column) => row[column]),
    before: Object.fromEntries(op.set.map(({ column }) => [column, row[column]])),
    after: Object.fromEntries(op.set.map(({ column }) => [column, row[NEW + column]])),
  }));
}

/** A sample of the rows the plan would change, with their values before and after (the dry run's). */
export async function sampleRows(db: Kysely<any>, op: CheckedSqlUpdate, limit: number): Promise<SelectedRow[]> {
  const { keys } = await nextBatchKeys(db, op, null, limit * 4);
  return (await lockRows(db, op, keys, false)).slice(0, limit);
}

/** Applies the plan to these rows, still only where they match its selection; answers their set columns after. */
export async function updateRows(db: Kysely<any>, op: CheckedSqlUpdate, keys: readonly KeyValues[]): Promise<Map<string, Row>> {
  if (keys.length === 0) return new Map();
  const assignments = sql.join(op.set.map(({ column, value }) => sql`${sql.ref(column)} = ${fragmentSql(value)}`));
  await sql`update ${sql.table(op.table)} set ${assignments} where (${fragmentSql(op.where)}) and ${keyIn(op, keys)}`.execute(db);
  const after = await sql<Row>`select ${sql.join([...op.key, ...op.set.map((s) => s.column)].map((c) => sql.ref(c)))} from ${sql.table(op.table)} where ${keyIn(op, keys)}`.execute(db);
  return new Map(after.rows.map((row) => [keyText(op.key.map((column) => row[column])), Object.fromEntries(op.set.map(({ column }) => [column, row[column]]))]));
}

/**
 * Puts one row's columns back to `before`, only while they still hold `after` (what the apply
 * wrote): answers `restored`, `unchanged` (they hold `before` already: restored before), or
 * `conflict` (someone changed the row since: left as it is).
 */
export async function restoreRow(db: Kysely<any>, table: string, keyColumns: readonly string[], key: KeyValues, before: Row, after: Row): Promise<'restored' | 'unchanged' | 'conflict'> {
  const columns = Object.keys(before);
  if (columns.length === 0) return 'unchanged';
  const keyMatch = sql.join(keyColumns.map((column, i) => sql`${sql.ref(column)} = ${key[i]}`), sql` and `);
  const holds = (image: Row) => sql.join(columns.map((column) => nullSafeEquals(db, sql.ref(column), image[column])), sql` and `);
  const assignments = sql.join(columns.map((column) => sql`${sql.ref(column)} = ${before[column]}`));
  const updated = await sql`update ${sql.table(table)} set ${assignments} where ${keyMatch} and ${holds(after)}`.execute(db);
  if (Number(updated.numAffectedRows ?? 0n) > 0) return 'restored';
  const already = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} where ${keyMatch} and ${holds(before)}`.execute(db);
  return Number(already.rows[0]?.n ?? 0) > 0 ? 'unchanged' : 'conflict';
}

/** A checksum of the table's rows over these columns, for "restored exactly" checks and reports. */
export async function tableChecksum(db: Kysely<any>, table: string, columns: readonly string[], key: readonly string[]): Promise<string> {
  const rows = await sql<Row>`select ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(table)} order by ${sql.join(key.map((c) => sql.ref(c)))}`.execute(db);
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256');
  for (const row of rows.rows) hash.update(JSON.stringify(columns.map((c) => normalize(row[c])))).update('\n');
  return hash.digest('hex');
}

/**
 * Rows after `values` in key order, spelt out column by column (`a > ? OR (a = ? AND b > ?)`):
 * MariaDB reads a row-value comparison `(a, b) > (?, ?)` as a walk of the index from its start,
 * so each batch would scan every row before it.
 */
function keyAfter(columns: readonly string[], values: KeyValues): RawBuilder<unknown> {
  const branches = columns.map((column, i) => {
    const equal = columns.slice(0, i).map((before, j) => sql`${sql.ref(before)} = ${values[j]}`);
    return sql`(${sql.join([...equal, sql`${sql.ref(column)} > ${values[i]}`], sql` and `)})`;
  });
  return sql`(${sql.join(branches, sql` or `)})`;
}

/** The row's set columns already hold the values the plan gives them (null-safe). */
function unchanged(db: Kysely<any>, op: CheckedSqlUpdate): RawBuilder<unknown> {
  return sql.join(op.set.map(({ column, value }) => nullSafeEquals(db, sql.ref(column), fragmentSql(value))), sql` and `);
}

function nullSafeEquals(db: Kysely<any>, left: unknown, right: unknown): RawBuilder<unknown> {
  return sqlFlavorOf(db) === 'mysql' ? sql`${left} <=> ${right}` : sql`${left} is ${right}`;
}

function keyIn(op: CheckedSqlUpdate, keys: readonly KeyValues[]): RawBuilder<unknown> {
  const keyList = sql.join(op.key.map((column) => sql.ref(column)));
  return sql`(${keyList}) in (${sql.join(keys.map((key) => sql`(${sql.join(key.map((v) => sql`${v}`))})`))})`;
}

/** A key as text, for maps and logs. */
export function keyText(key: KeyValues): string {
  return JSON.stringify(key.map(normalize));
}

function normalize(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  return value;
}

