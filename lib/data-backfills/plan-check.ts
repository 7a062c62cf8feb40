import { InvalidPlanError } from '../errors.js';
import type { Plan, SluiceJobOperation, SqlUpdateOperation } from './plan.schema.js';
import type { SchemaCatalogue } from './schema-catalogue.js';
import { checkCondition, checkExpression, checkSelect, type Checked, type CheckedFragment } from './sql-fragments.js';

/**
 * A plan checked against the schema: every fragment is one expression over known columns,
 * kept as re-written from its syntax tree (what runs), never as sent.
 */
export interface CheckedPlan {
  plan: Plan;
  operation: CheckedSqlUpdate | CheckedSluiceJob;
  /** Soak checks' queries, re-written, by check name. */
  soak: { name: string; sql: CheckedFragment; op: string; threshold: number }[];
  /** What still needs the backfill (health), as re-written; for an sql-update over its table, for a sluice-job over `connections`. */
  healthWhere: CheckedFragment | null;
}

export interface CheckedSqlUpdate {
  kind: 'sql-update';
  table: string;
  key: string[];
  where: CheckedFragment;
  set: { column: string; value: CheckedFragment }[];
  batchSize: number;
}

export interface CheckedSluiceJob {
  kind: 'sluice-job';
  platform: string | null;
  where: CheckedFragment | null;
  connectionIds: number[] | null;
  job: SluiceJobOperation['job'];
}

/** Pure: the plan against the catalogue; the first problem is an InvalidPlanError naming its field. */
export function checkPlan(plan: Plan, catalogue: SchemaCatalogue): CheckedPlan {
  const operation = plan.operation.kind === 'sql-update' ? checkSqlUpdate(plan.operation, catalogue) : checkSluiceJob(plan.operation, catalogue);
  const soak = (plan.soak?.checks ?? []).map((check, index) => ({
    name: check.name,
    sql: ok(checkSelect(check.sql, catalogue.readable), `soak.checks[${index}].sql`),
    op: check.op,
    threshold: check.threshold,
  }));
  const names = new Set<string>();
  soak.forEach((check, index) => {
    if (names.has(check.name)) throw new InvalidPlanError(`soak.checks[${index}].name: "${check.name}" is named twice`);
    names.add(check.name);
  });
  const healthWhere = plan.health?.where === undefined ? null : ok(checkCondition(plan.health.where, healthTable(operation, catalogue)), 'health.where');
  return { plan, operation, soak, healthWhere };
}

function checkSqlUpdate(operation: SqlUpdateOperation, catalogue: SchemaCatalogue): CheckedSqlUpdate {
  const columns = catalogue.readable.get(operation.table);
  const writable = catalogue.writable.get(operation.table);
  if (!columns || !writable) throw new InvalidPlanError(`operation.table: "${operation.table}" is not a Sluice table a plan may change (one of ${[...catalogue.writable.keys()].sort().join(', ')})`);
  const table = { table: operation.table, columns };
  operation.key.forEach((column, index) => {
    if (!columns.has(column)) throw new InvalidPlanError(`operation.key[${index}]: "${column}" is not a column of ${operation.table}`);
  });
  // Batches walk the key and each row image is restored by it: it must name exactly one row.
  const keys = catalogue.uniqueKeys.get(operation.table) ?? [];
  const sameColumns = (key: readonly string[]) => key.length === operation.key.length && key.every((column) => operation.key.includes(column));
  if (!keys.some(sameColumns)) {
    throw new InvalidPlanError(`operation.key: [${operation.key.join(', ')}] does not name one row of ${operation.table}; use its primary key or a unique key over NOT NULL columns (${keys.map((key) => `[${key.join(', ')}]`).join(', ') || 'none'})`);
  }
  const set = Object.entries(operation.set).map(([column, value]) => {
    if (!writable.has(column)) throw new InvalidPlanError(`operation.set.${column}: not a column of ${operation.table} a plan may set`);
    if (operation.key.includes(column)) throw new InvalidPlanError(`operation.set.${column}: a key column cannot change (the key names the row)`);
    return { column, value: ok(checkExpression(value, table), `operation.set.${column}`) };
  });
  return { kind: 'sql-update', table: operation.table, key: [...operation.key], where: ok(checkCondition(operation.where, table), 'operation.where'), set, batchSize: operation.batch_size };
}

function checkSluiceJob(operation: SluiceJobOperation, catalogue: SchemaCatalogue): CheckedSluiceJob {
  const targets = operation.targets;
  if ('connection_ids' in targets) return { kind: 'sluice-job', platform: null, where: null, connectionIds: [...new Set(targets.connection_ids)], job: operation.job };
  const where = targets.where === undefined ? null : ok(checkCondition(targets.where, connectionsTable(catalogue)), 'operation.targets.where');
  return { kind: 'sluice-job', platform: targets.platform, where, connectionIds: null, job: operation.job };
}

function healthTable(operation: CheckedSqlUpdate | CheckedSluiceJob, catalogue: SchemaCatalogue) {
  return operation.kind === 'sql-update' ? { table: operation.table, columns: catalogue.readable.get(operation.table)! } : connectionsTable(catalogue);
}

function connectionsTable(catalogue: SchemaCatalogue) {
  return { table: 'connections', columns: catalogue.readable.get('connections') ?? new Set<string>() };
}

function ok<T>(checked: Checked<T>, field: string): T {
  if (!checked.ok) throw new InvalidPlanError(`${field}: ${checked.message}`);
  return checked.value;
}
