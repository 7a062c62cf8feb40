import { sql, type Kysely } from 'kysely';
import { fragmentSql } from './fragment-sql.js';
import type { CheckedSluiceJob } from './plan-check.js';

/** A `sluice-job` plan's target: an active connection. */
export interface JobTarget {
  id: number;
  tenantId: string;
  platform: string;
  accountId: string;
}

/** The plan's targets: active connections of its platform matching its fragment (re-written), or those it lists. */
function targetCondition(op: CheckedSluiceJob) {
  if (op.connectionIds !== null) return sql`${sql.ref('id')} in (${sql.join(op.connectionIds.map((id) => sql`${id}`))})`;
  const platform = sql`${sql.ref('platform')} = ${op.platform}`;
  return op.where === null ? platform : sql`${platform} and (${fragmentSql(op.where)})`;
}

export async function countTargets(db: Kysely<any>, op: CheckedSluiceJob): Promise<number> {
  const result = await sql<{ n: number | string }>`select count(*) as n from ${sql.table('connections')} where ${targetCondition(op)} and ${sql.ref('status')} = 'active'`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** The next `limit` targets after connection `afterId`, in id order. */
export async function listTargets(db: Kysely<any>, op: CheckedSluiceJob, afterId: number | null, limit: number): Promise<JobTarget[]> {
  const after = afterId === null ? sql`1 = 1` : sql`${sql.ref('id')} > ${afterId}`;
  const result = await sql<{ id: number; tenant_id: string; platform: string; external_account_id: string }>`select ${sql.ref('id')}, ${sql.ref('tenant_id')}, ${sql.ref('platform')}, ${sql.ref('external_account_id')} from ${sql.table('connections')} where ${targetCondition(op)} and ${sql.ref('status')} = 'active' and ${after} order by ${sql.ref('id')} limit ${limit}`.execute(db);
  return result.rows.map((row) => ({ id: Number(row.id), tenantId: row.tenant_id, platform: row.platform, accountId: row.external_account_id }));
}
