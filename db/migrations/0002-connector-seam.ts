import { sql, type Kysely } from 'kysely';
import { sqlFlavorOf } from '../sql-flavor.js';

/**
 * The connector seam (DESIGN.md "Tables"), carrying 0001's rows over:
 *
 * - `job_tasks.platform` and `connection_id`: the dispatcher finds a task's connector by its
 *   platform, and tasks paused for re-authorization resume by their connection instead of a
 *   LIKE on the dedupe-key prefix. 0001 had one kind, `daily_channel` (YouTube, the connection
 *   in its payload); it is renamed `youtube.daily_channel` (kinds are `${platform}.${name}`).
 *   Resuming by connection needs no index of its own: `status = 'paused'` is a prefix of the
 *   claim index, and paused rows are bounded by the accounts awaiting re-authorization.
 * - Task status `failed` (parked for re-authorization) becomes `paused`.
 * - `backfill_jobs.connection_id`; 0001's job types `youtube_backfill`/`youtube_daily` become
 *   `data-collection`/`sync` with the scope `{tenant_id}:{platform}:{account_id}:{type}`.
 * - At most one active job per scope, enforced by a unique index on a generated column that
 *   holds the scope only while the job is `pending`, `running` or `paused` (MySQL has no
 *   partial index; a VIRTUAL column can be added in place on MySQL, MariaDB, TiDB and SQLite).
 *   Where 0001 left several active jobs in one scope (a daily job a day), the newest keeps
 *   the scope and takes over the older ones' unfinished tasks; the older ones end `failed`
 *   with the reason in `errors`, so no task is lost or orphaned.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const mysql = sqlFlavorOf(db) === 'mysql';
  const now = new Date().toISOString().slice(0, 23).replace('T', ' ');

  await db.schema.alterTable('job_tasks').addColumn('platform', mysql ? sql`varchar(32)` : sql`text`, (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('job_tasks').addColumn('connection_id', mysql ? sql`bigint` : sql`integer`).execute();
  const connectionInPayload = mysql
    ? sql`cast(json_unquote(json_extract(payload, '$.connection_id')) as signed)`
    : sql`cast(json_extract(payload, '$.connection_id') as integer)`;
  await db
    .updateTable('job_tasks')
    .set({ platform: 'youtube', kind: 'youtube.daily_channel', connection_id: connectionInPayload })
    .where('kind', '=', 'daily_channel')
    .execute();
  await db.updateTable('job_tasks').set({ status: 'paused' }).where('status', '=', 'failed').execute();

  await db.schema.alterTable('backfill_jobs').addColumn('connection_id', mysql ? sql`bigint` : sql`integer`).execute();
  await carryJobsOver(db, now);
  await resolveActiveScopeConflicts(db, now);
  const activeScope = sql`case when status in ('pending', 'running', 'paused') then scope end`;
  await sql`alter table backfill_jobs add column active_scope ${mysql ? sql`varchar(255) as (${activeScope}) virtual` : sql`text generated always as (${activeScope}) virtual`}`.execute(db);
  await db.schema.createIndex('backfill_jobs_active_scope').on('backfill_jobs').column('active_scope').unique().execute();
}

const TYPES: Record<string, string> = { youtube_backfill: 'data-collection', youtube_daily: 'sync' };

async function carryJobsOver(db: Kysely<any>, now: string): Promise<void> {
  const jobs = await db.selectFrom('backfill_jobs').select(['id', 'type', 'tenant_id', 'platform', 'scope']).where('type', 'in', Object.keys(TYPES)).execute();
  for (const job of jobs) {
    const accountId = String(job.scope).replace(/^channel:/, '');
    const type = TYPES[job.type as string]!;
    const connection = await db
      .selectFrom('connections')
      .select('id')
      .where('tenant_id', '=', job.tenant_id)
      .where('platform', '=', job.platform)
      .where('external_account_id', '=', accountId)
      .executeTakeFirst();
    await db
      .updateTable('backfill_jobs')
      .set({ type, scope: `${job.tenant_id}:${job.platform}:${accountId}:${type}`, connection_id: connection?.id ?? null, updated_at: now })
      .where('id', '=', job.id)
      .execute();
  }
}

async function resolveActiveScopeConflicts(db: Kysely<any>, now: string): Promise<void> {
  const active = await db
    .selectFrom('backfill_jobs')
    .select(['id', 'scope', 'errors'])
    .where('status', 'in', ['pending', 'running', 'paused'])
    .orderBy('scope')
    .orderBy('id', 'desc')
    .execute();
  const keeperOf = new Map<string, number>();
  for (const job of active) {
    const keeper = keeperOf.get(job.scope);
    if (keeper === undefined) {
      keeperOf.set(job.scope, Number(job.id));
      continue;
    }
    await db
      .updateTable('job_tasks')
      .set({ job_id: keeper, updated_at: now })
      .where('job_id', '=', job.id)
      .where('status', 'in', ['queued', 'running', 'paused'])
      .execute();
    const errors = [{ at: `${now.replace(' ', 'T')}Z`, message: `superseded by job ${keeper}, which took over its unfinished tasks (one active job per scope)` }];
    await db
      .updateTable('backfill_jobs')
      .set({ status: 'failed', errors: JSON.stringify(errors), finished_at: now, updated_at: now })
      .where('id', '=', job.id)
      .execute();
  }
}
