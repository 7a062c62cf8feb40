import { sql, type Kysely } from 'kysely';
import { sqlFlavorOf } from '../sql-flavor.js';
import { hasColumn } from './schema-probes.js';

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
 *   `data-collection`/`sync` with the scope `{tenant_id}:{platform}:{account_id}:{type}`
 *   (`scope` widened to 512: a 191-character tenant and account id fit whole).
 * - At most one active job per scope, enforced by a unique index on a generated column that
 *   holds the scope only while the job is `pending`, `running` or `paused` (MySQL has no
 *   partial index; a VIRTUAL column can be added in place on MySQL, MariaDB, TiDB and SQLite).
 *   First, an active job whose tasks are all done takes its final status (its last progress
 *   write was lost); then, where several active jobs share a scope (a daily job a day), the
 *   newest keeps it and takes over the others' unfinished tasks, and they end `failed` with
 *   the reason in `errors`: no task is lost or orphaned.
 *
 * Every step is set-based and skips itself when already done, so a run that stopped half-way
 * (MySQL commits each DDL statement) can simply run again; SQLite runs it in one transaction.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (sqlFlavorOf(db) === 'mysql') return migrate(db, true);
  await db.transaction().execute((trx) => migrate(trx, false));
}

async function migrate(db: Kysely<any>, mysql: boolean): Promise<void> {
  const now = new Date().toISOString().slice(0, 23).replace('T', ' ');
  const bigint = mysql ? sql`bigint` : sql`integer`;

  if (!(await hasColumn(db, 'job_tasks', 'platform'))) {
    await db.schema.alterTable('job_tasks').addColumn('platform', mysql ? sql`varchar(32)` : sql`text`, (c) => c.notNull().defaultTo('')).execute();
    // The default only fills existing rows: a writer that names no platform must fail.
    if (mysql) await sql`alter table job_tasks alter column platform drop default`.execute(db);
  }
  if (!(await hasColumn(db, 'job_tasks', 'connection_id'))) await db.schema.alterTable('job_tasks').addColumn('connection_id', bigint).execute();
  const connectionInPayload = mysql
    ? sql`cast(json_unquote(json_extract(payload, '$.connection_id')) as signed)`
    : sql`cast(json_extract(payload, '$.connection_id') as integer)`;
  await db.updateTable('job_tasks').set({ platform: 'youtube', kind: 'youtube.daily_channel', connection_id: connectionInPayload }).where('kind', '=', 'daily_channel').execute();
  await db.updateTable('job_tasks').set({ status: 'paused' }).where('status', '=', 'failed').execute();

  if (!(await hasColumn(db, 'backfill_jobs', 'connection_id'))) await db.schema.alterTable('backfill_jobs').addColumn('connection_id', bigint).execute();
  if (mysql) await sql`alter table backfill_jobs modify scope varchar(512) not null`.execute(db);
  for (const [from, to] of [['youtube_backfill', 'data-collection'], ['youtube_daily', 'sync']] as const) {
    // MySQL assigns left to right, so connection_id reads the old `channel:{id}` scope first.
    await sql`update backfill_jobs set
        connection_id = (select c.id from connections c where c.tenant_id = backfill_jobs.tenant_id and c.platform = backfill_jobs.platform and c.external_account_id = substr(backfill_jobs.scope, 9)),
        scope = concat(tenant_id, ':', platform, ':', substr(scope, 9), ':', ${to}),
        type = ${to}
      where type = ${from} and scope like 'channel:%'`.execute(db);
  }
  await endFinishedJobs(db, now);
  await resolveActiveScopeConflicts(db, now);
  if (!(await hasColumn(db, 'backfill_jobs', 'active_scope'))) {
    const activeScope = sql`case when status in ('pending', 'running', 'paused') then scope end`;
    await sql`alter table backfill_jobs add column active_scope ${mysql ? sql`varchar(512) as (${activeScope}) virtual` : sql`text generated always as (${activeScope}) virtual`}`.execute(db);
    await db.schema.createIndex('backfill_jobs_active_scope').on('backfill_jobs').column('active_scope').unique().execute();
  }
}

/** Active jobs whose tasks are all done take the status their tasks give them. */
async function endFinishedJobs(db: Kysely<any>, now: string): Promise<void> {
  const count = (statuses: string) => sql`(select count(*) from job_tasks t where t.job_id = backfill_jobs.id and t.status in (${sql.raw(statuses)}))`;
  await sql`update backfill_jobs set
      status = case when ${count(`'dead'`)} > 0 then 'failed'
                    when ${count(`'cancelled'`)} = ${count(`'succeeded', 'dead', 'cancelled'`)} then 'cancelled'
                    else 'succeeded' end,
      finished_at = ${now}
    where status in ('pending', 'running', 'paused')
      and ${count(`'succeeded', 'dead', 'cancelled'`)} > 0
      and ${count(`'queued', 'running', 'paused'`)} = 0`.execute(db);
}

async function resolveActiveScopeConflicts(db: Kysely<any>, now: string): Promise<void> {
  const crowded = db.selectFrom('backfill_jobs').select('scope').where('status', 'in', ['pending', 'running', 'paused']).groupBy('scope').having(sql`count(*)`, '>', 1);
  const active = await db
    .selectFrom('backfill_jobs')
    .select(['id', 'scope'])
    .where('status', 'in', ['pending', 'running', 'paused'])
    .where('scope', 'in', crowded)
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
    await db.updateTable('job_tasks').set({ job_id: keeper, updated_at: now }).where('job_id', '=', job.id).where('status', 'in', ['queued', 'running', 'paused']).execute();
    const errors = [{ at: `${now.replace(' ', 'T')}Z`, message: `superseded by job ${keeper}, which took over its unfinished tasks (one active job per scope)` }];
    await db.updateTable('backfill_jobs').set({ status: 'failed', errors: JSON.stringify(errors), finished_at: now, updated_at: now }).where('id', '=', job.id).execute();
  }
}
