import { createRequire } from 'node:module';
import type { Parser as SqlParser } from 'node-sql-parser';

/**
 * A plan's SQL fragments, checked against the schema before anything runs: each is parsed
 * (node-sql-parser's MySQL grammar, inside a statement of our making), must be one expression of
 * the kind asked (no second statement, no subquery), and may name only known tables and columns.
 * What runs is the expression re-written from its syntax tree, never the text as sent: a
 * fragment cannot close our statement and open its own, whatever it holds.
 */

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * A checked fragment as it runs: its SQL re-written from the syntax tree with every string
 * literal taken out into `params` (bound, never spliced: MySQL and SQLite read quotes and
 * backslashes differently, a bound value means the same to both), marked `:sluice_pN` in `text`.
 */
export interface CheckedFragment {
  text: string;
  params: string[];
}

/** A table and its columns, as the schema catalogue knows them. */
export interface TableColumns {
  table: string;
  columns: ReadonlySet<string>;
}

const require = createRequire(import.meta.url);
let parser: SqlParser | undefined;
/** Loaded on first use: only the data-backfill code pays for the grammar (~280 KB). */
function sqlParser(): SqlParser {
  if (!parser) {
    const { Parser } = require('node-sql-parser/build/mysql.js') as { Parser: new () => SqlParser };
    parser = new Parser();
  }
  return parser;
}
const OPTIONS = { database: 'MySQL' } as const;

/** A boolean condition over `table`'s columns (a `where`): its SQL as re-written. */
export function checkCondition(fragment: string, table: TableColumns): Checked<CheckedFragment> {
  return parseInside((text) => `SELECT 1 FROM \`${table.table}\` WHERE ${text}`, fragment, table, (ast) => ast.where);
}

/**
 * A value expression over `table`'s columns (a `set` value): its SQL as re-written. Functions
 * whose value changes from one run to the next (NOW(), RAND(), UUID()…) are refused: a second run
 * of the plan must change nothing.
 */
export function checkExpression(fragment: string, table: TableColumns): Checked<CheckedFragment> {
  const checked = parseInside((text) => `UPDATE \`${table.table}\` SET \`__sluice_value\` = ${text}`, fragment, table, (ast) => (ast.set?.length === 1 ? ast.set[0].value : undefined), 'update');
  if (checked.ok && /\b(now|current_timestamp|current_date|current_time|localtime|localtimestamp|sysdate|utc_timestamp|utc_date|utc_time|unix_timestamp|rand|random|uuid|uuid_short)\b/i.test(checked.value.text)) {
    return { ok: false, message: 'must give the same value each time it runs (no NOW(), CURRENT_TIMESTAMP, RAND(), UUID()…: write the value itself), so a second run changes nothing' };
  }
  return checked;
}

/**
 * A read-only query (a soak check): one SELECT over known tables, no subquery, no locking or
 * INTO clause, with a column named `value`. Answers the query as re-written.
 */
export function checkSelect(sql: string, tables: ReadonlyMap<string, ReadonlySet<string>>): Checked<CheckedFragment> {
  const parsed = parse(sql);
  if (!parsed.ok) return parsed;
  const { ast, tableList } = parsed.value;
  if (ast.type !== 'select') return { ok: false, message: 'must be a SELECT' };
  if (ast.into?.position || ast.locking_read) return { ok: false, message: 'may not write (INTO) or lock (FOR UPDATE)' };
  if (countSelects(ast) > 1) return { ok: false, message: 'may not hold a subquery or UNION' };
  const refused = refusedCall(ast);
  if (refused) return { ok: false, message: refused };
  for (const entry of tableList) {
    const [, schema, name = ''] = entry.split('::');
    if (schema !== 'null') return { ok: false, message: `reads "${schema}.${name}": only this database's tables, unqualified` };
    if (!tables.has(name)) return { ok: false, message: `reads "${name}", which is not a Sluice table the pipeline may read` };
  }
  // Every column it names must be readable in a table it reads (never a token column).
  const readable = new Set(tableList.flatMap((entry) => [...(tables.get(entry.split('::')[2] ?? '') ?? [])]));
  for (const ref of columnRefs(ast)) {
    if (ref.column !== '*' && !readable.has(ref.column) && !isAlias(ast, ref.column)) return { ok: false, message: `names "${ref.column}", which is not a column it may read` };
  }
  const named = (ast.columns ?? []).some((column: { as?: string | null }) => column.as === 'value');
  if (!named) return { ok: false, message: 'must name its result column `value` (… AS value)' };
  return bindLiterals(ast, (tree) => sqlParser().sqlify(tree, OPTIONS));
}

/** A name the SELECT gives one of its own columns (`… AS value`), which ORDER BY or HAVING may use. */
function isAlias(ast: { columns?: { as?: string | null }[] }, name: string): boolean {
  return (ast.columns ?? []).some((column) => column.as === name);
}

/**
 * The tree's string literals taken out into bound parameters, and the constructs MySQL and
 * SQLite read differently refused: `"double-quoted"` strings (a column on SQLite), backslashes in
 * a string (an escape on MySQL only), `||` (OR on MySQL, concatenation on SQLite), `&&`, XOR, DIV,
 * `!`, variables and COLLATE, and N'', X'' and b'' literals.
 */
function bindLiterals(tree: unknown, print: (tree: any) => string): Checked<CheckedFragment> {
  const copy = structuredClone(tree);
  const params: string[] = [];
  let refusal: string | null = null;
  const visit = (node: unknown): void => {
    if (refusal !== null || node === null || typeof node !== 'object') return;
    const n = node as { type?: unknown; value?: unknown; operator?: unknown; collate?: unknown };
    if (n.type === 'single_quote_string') {
      const text = String(n.value);
      if (text.includes('\\')) {
        refusal = 'holds a backslash in a string, which MySQL reads as an escape and SQLite does not: write the string without it';
        return;
      }
      params.push(text.replaceAll("''", "'"));
      n.type = 'param';
      n.value = `sluice_p${params.length - 1}`;
      return;
    }
    if (typeof n.type === 'string' && n.type.endsWith('_string') && n.type !== 'backticks_quote_string') refusal = `writes a ${n.type.replace(/_/g, ' ')}: write strings in single quotes`;
    else if (n.type === 'var') refusal = 'uses a variable, which a plan may not';
    else if (typeof n.operator === 'string' && ['||', '&&', 'XOR', 'DIV', '!'].includes(n.operator.toUpperCase())) refusal = `uses ${n.operator}, which MySQL and SQLite read differently (write OR, AND, NOT, / or CONCAT())`;
    else if (n.collate) refusal = 'uses COLLATE, which MySQL and SQLite read differently';
    if (refusal !== null) return;
    for (const child of Object.values(node)) visit(child);
  };
  visit(copy);
  if (refusal !== null) return { ok: false, message: refusal };
  return { ok: true, value: { text: print(copy), params } };
}

/**
 * Parses the fragment inside `wrap`'s statement and picks its expression. The statement must be
 * nothing but the expression: one written with the re-written expression alone must come out
 * the same, so a clause the fragment adds after it (`LIMIT 10`, `ORDER BY`, `GROUP BY`, a
 * `WHERE` after a set value, a UNION) is refused, not silently dropped from what runs.
 */
function parseInside(wrap: (text: string) => string, fragment: string, table: TableColumns, pick: (ast: any) => unknown, type: 'select' | 'update' = 'select'): Checked<CheckedFragment> {
  const parsed = parse(wrap(fragment));
  if (!parsed.ok) return parsed;
  const { ast, tableList } = parsed.value;
  const expression = pick(ast);
  if (ast.type !== type || expression === undefined || expression === null) return { ok: false, message: 'must be one SQL expression' };
  if (countSelects(expression) > 0 || tableList.length !== 1) return { ok: false, message: 'may not hold a subquery' };
  const refused = refusedCall(expression);
  if (refused) return { ok: false, message: refused };
  for (const ref of columnRefs(expression)) {
    if (ref.table !== null && ref.table !== table.table) return { ok: false, message: `names "${ref.table}.${ref.column}": only ${table.table}'s own columns` };
    if (ref.column === '__sluice_value') return { ok: false, message: 'must be one SQL expression' };
    if (ref.column === '*') return { ok: false, message: 'may not use *' };
    if (!table.columns.has(ref.column)) return { ok: false, message: `names "${ref.column}", which is not a column of ${table.table}` };
  }
  const rewritten = sqlParser().exprToSQL(expression, OPTIONS);
  const alone = parse(wrap(rewritten));
  if (!alone.ok || sqlParser().sqlify(alone.value.ast, OPTIONS) !== sqlParser().sqlify(ast, OPTIONS)) {
    return { ok: false, message: 'must be one SQL expression and nothing after it (no LIMIT, ORDER BY, GROUP BY, WHERE or UNION)' };
  }
  return bindLiterals(expression, (tree) => sqlParser().exprToSQL(tree, OPTIONS));
}

/** The columns an expression names (its `column_ref` nodes), read from the tree itself. */
function columnRefs(node: unknown): { table: string | null; column: string }[] {
  if (node === null || typeof node !== 'object') return [];
  const ref = node as { type?: unknown; table?: unknown; column?: unknown };
  if (ref.type === 'column_ref') {
    const column = typeof ref.column === 'string' ? ref.column : (ref.column as { expr?: { value?: unknown } } | undefined)?.expr?.value;
    return [{ table: typeof ref.table === 'string' ? ref.table : null, column: String(column) }];
  }
  return Object.values(node).flatMap(columnRefs);
}

function parse(statement: string): Checked<{ ast: any; tableList: string[]; columnList: string[] }> {
  let result: ReturnType<SqlParser['parse']>;
  try {
    result = sqlParser().parse(statement, OPTIONS);
  } catch (error) {
    return { ok: false, message: `is not valid SQL: ${firstLine(error)}` };
  }
  // Even one statement comes back as a list when a `;` follows it: a fragment holds no separator.
  if (Array.isArray(result.ast)) return { ok: false, message: result.ast.length > 1 ? 'holds more than one statement' : 'holds a statement separator (;)' };
  return { ok: true, value: { ast: result.ast, tableList: result.tableList, columnList: result.columnList } };
}

/**
 * Functions a plan may not call, though they are one expression: they block a connection
 * (SLEEP, BENCHMARK, the lock and replication waits), take locks other sessions see, read the
 * database server's files or load code (LOAD_FILE, SQLite's load_extension), or make huge values.
 */
const REFUSED_FUNCTIONS = new Set([
  'sleep', 'benchmark', 'load_file', 'get_lock', 'release_lock', 'release_all_locks', 'is_free_lock', 'is_used_lock',
  'master_pos_wait', 'source_pos_wait', 'wait_for_executed_gtid_set', 'wait_until_sql_thread_after_gtids', 'load_extension', 'randomblob', 'zeroblob',
]);

/** Why the tree may not run, when it calls a refused function; null when it calls none. */
function refusedCall(node: unknown): string | null {
  if (node === null || typeof node !== 'object') return null;
  const call = node as { type?: unknown; name?: { name?: { value?: unknown }[] } };
  if (call.type === 'function') {
    const name = (call.name?.name ?? []).map((part) => String(part.value)).join('.');
    if (REFUSED_FUNCTIONS.has(name.toLowerCase())) return `calls ${name.toUpperCase()}(), which a plan may not (it blocks, locks, or reads the server's files)`;
  }
  for (const child of Object.values(node)) {
    const refused = refusedCall(child);
    if (refused) return refused;
  }
  return null;
}

/** SELECTs in the tree: the statement's own, plus any subquery or UNION member. */
function countSelects(node: unknown): number {
  if (node === null || typeof node !== 'object') return 0;
  const own = (node as { type?: unknown }).type === 'select' ? 1 : 0;
  return own + Object.values(node).reduce((sum: number, child) => sum + countSelects(child), 0);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 200);
}
