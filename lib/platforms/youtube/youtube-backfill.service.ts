import type { Kysely } from 'kysely';
import type { Database } from '../../../db/database.js';
import { retryOnDeadlock } from '../../../db/retry-deadlocks.js';
import { computeBackfillRunForDates, latestReportDay } from '../../backfill/backfill-plan.js';
import { listConnections, saveConnectionGrant, type Connection } from '../../connections/connections.repository.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { createJobWithTasks, hasJob } from '../../jobs/backfill-jobs.repository.js';
import { resumeParkedTasks, type NewTask } from '../../queue/repository/index.js';
import type { Runtime } from '../../runtime.js';
import { CHUNK_DAYS, type DailyChannelPayload } from './daily-channel.task.js';
import { channelPrefix, DAILY_CHANNEL_KIND, dailyChannelKey } from './task-keys.js';
import { youTubeContext } from './youtube-context.js';

export const YOUTUBE = 'youtube';
/** Daily freshness runs before history: lower priority numbers are claimed first. */
const DAILY_PRIORITY = 0;
const BACKFILL_PRIORITY = 10;

/**
 * OAuth connect: exchange the code, find the channel, then — in one transaction — store the
 * connection (tokens sealed), wake tasks parked while it needed re-authorization, and
 * enqueue the backfill. A channel connected before gets no second backfill (the daily
 * refresh keeps it fresh; `POST /api/jobs/backfill/dispatch` re-runs one on request), so
 * reconnecting refreshes its tokens and enqueues 0.
 */
export async function connectYouTube(runtime: Runtime, input: { tenantId: string; code: string; redirectUri?: string }) {
  const { client, cipher } = await youTubeContext(runtime);
  const tokens = await client.exchangeCode(input.code, input.redirectUri);
  const channel = await client.getOwnChannel(tokens.accessToken);
  const now = runtime.clock.now();
  const grant = {
    tenantId: input.tenantId,
    platform: YOUTUBE,
    externalAccountId: channel.id,
    displayName: channel.title,
    scopes: tokens.scopes,
    accessTokenEnc: cipher.encrypt(tokens.accessToken),
    refreshTokenEnc: tokens.refreshToken === undefined ? undefined : cipher.encrypt(tokens.refreshToken),
    tokenExpiresAt: tokens.expiresAt,
  };
  return retryOnDeadlock(() =>
    runtime.database.db.transaction().execute(async (trx) => {
      const { connection, created } = await saveConnectionGrant(trx, grant, now);
      if (!connection.refreshTokenEnc) {
        // Rolls the transaction back: a connection that cannot refresh would fail within the hour.
        throw new ConflictError('Google returned no refresh token for this channel: authorize again with access_type=offline and prompt=consent');
      }
      await resumeParkedTasks(trx, channelPrefix(input.tenantId, channel.id), now);
      const backfill =
        created || !(await hasJob(trx, { tenantId: input.tenantId, platform: YOUTUBE, scope: scopeOf(channel.id), type: 'youtube_backfill' }))
          ? await enqueueChunks(runtime, trx, connection, { days: runtime.config.youtube.backfillDays, force: false, type: 'youtube_backfill' })
          : { jobId: null, enqueued: 0 };
      return { connection_id: connection.id, channel_id: channel.id, backfill_enqueued: backfill.enqueued, job_id: backfill.jobId };
    }),
  );
}

/**
 * Manual backfill without redoing OAuth. Chunks already queued or running are left alone;
 * chunks that already succeeded are skipped unless `force`, which queues them again (a
 * re-fetch of the range); dead or cancelled chunks are also re-run with `force`.
 */
export async function enqueueYouTubeBackfill(runtime: Runtime, input: { tenantId: string; channelId?: string; days?: number; force?: boolean }) {
  const connections = (await listConnections(runtime.database.db, { platform: YOUTUBE, tenantId: input.tenantId })).filter(
    (c) => input.channelId === undefined || c.externalAccountId === input.channelId,
  );
  const target = input.channelId ? `channel ${input.channelId} of tenant ${input.tenantId}` : `tenant ${input.tenantId}`;
  if (connections.length === 0) throw new NotFoundError(`no YouTube connection for ${target}`);
  const active = connections.filter((c) => c.status === 'active');
  if (active.length === 0) throw new ConflictError(`the YouTube connection for ${target} needs re-authorization: reconnect it through OAuth first`);
  const days = input.days ?? runtime.config.youtube.backfillDays;
  const jobs = [];
  for (const connection of active) {
    jobs.push({ channel_id: connection.externalAccountId, ...(await enqueueChunks(runtime, runtime.database.db, connection, { days, force: input.force ?? false, type: 'youtube_backfill' })) });
  }
  return {
    backfill_enqueued: jobs.reduce((sum, job) => sum + job.enqueued, 0),
    jobs: jobs.map((j) => ({ channel_id: j.channel_id, job_id: j.jobId, enqueued: j.enqueued })),
    skipped: connections.filter((c) => c.status !== 'active').map((c) => ({ channel_id: c.externalAccountId, reason: `connection is ${c.status}` })),
  };
}

/** The daily cron: for every active connection, the chunk ending at the latest report day. */
export async function enqueueDailyRefresh(runtime: Runtime) {
  const connections = await listConnections(runtime.database.db, { platform: YOUTUBE, status: 'active' });
  let enqueued = 0;
  for (const connection of connections) {
    enqueued += (await enqueueChunks(runtime, runtime.database.db, connection, { days: CHUNK_DAYS, force: false, type: 'youtube_daily' })).enqueued;
  }
  return { connections: connections.length, enqueued, run_for_dt: latestReportDay(runtime.clock.now()) };
}

function scopeOf(channelId: string): string {
  return `channel:${channelId}`;
}

async function enqueueChunks(
  runtime: Runtime,
  db: Kysely<Database>,
  connection: Connection,
  options: { days: number; force: boolean; type: 'youtube_backfill' | 'youtube_daily' },
) {
  const now = runtime.clock.now();
  const endDt = latestReportDay(now);
  const runForDates = computeBackfillRunForDates(endDt, options.days, CHUNK_DAYS);
  const tasks: Omit<NewTask, 'jobId'>[] = runForDates.map((runForDt) => ({
    tenantId: connection.tenantId,
    kind: DAILY_CHANNEL_KIND,
    dedupeKey: dailyChannelKey(connection.tenantId, connection.externalAccountId, runForDt),
    payload: { connection_id: connection.id, channel_id: connection.externalAccountId, run_for_dt: runForDt } satisfies DailyChannelPayload,
    priority: options.type === 'youtube_daily' ? DAILY_PRIORITY : BACKFILL_PRIORITY,
  }));
  return createJobWithTasks(
    db,
    { type: options.type, tenantId: connection.tenantId, platform: YOUTUBE, scope: scopeOf(connection.externalAccountId), config: { days: options.days, end_dt: endDt, chunk_days: CHUNK_DAYS, force: options.force } },
    tasks,
    { rerun: options.force },
    now,
  );
}
