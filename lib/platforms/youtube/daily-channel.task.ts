import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import { chunkDays } from '../../backfill/backfill-plan.js';
import { getConnection, markNeedsReauth, updateAccessToken, type Connection } from '../../connections/connections.repository.js';
import { ConfigError, DeadlineReachedError, PermanentError, ReauthRequiredError, RetryableError } from '../../errors.js';
import { upsertVideoDailyMetrics } from '../../metrics/video-daily-metrics.repository.js';
import type { TaskHandler } from '../../queue/drain-queue.js';
import type { Clock } from '../../shared/clock.js';
import type { TokenCipher } from '../../shared/token-cipher.js';
import { AccessTokenRejectedError } from './google-failure.js';
import { mapTopVideosReport, TOP_VIDEOS_MAX_RESULTS, type VideoDayMetrics } from './top-videos-report.mapper.js';
import type { YouTubeClient } from './youtube.client.js';

export const dailyChannelPayloadSchema = z.object({
  connection_id: z.number().int().positive(),
  channel_id: z.string().min(1),
  run_for_dt: z.iso.date(),
});
export type DailyChannelPayload = z.infer<typeof dailyChannelPayloadSchema>;

export const CHUNK_DAYS = 7;
/** Refresh when the access token expires within this margin, before the call, not after a 401. */
const TOKEN_REFRESH_MARGIN_MS = 60_000;

export interface DailyChannelDeps {
  db: Kysely<Database>;
  client: YouTubeClient;
  cipher: TokenCipher;
  clock: Clock;
  log?: (line: string) => void;
}

/**
 * The `daily_channel` task: per-video daily metrics for the 7 days ending at `run_for_dt`,
 * one top-videos report per day (7 calls a chunk), upserted together. Lost authorization
 * marks the connection `needs_reauth` and parks the task; nothing is written half-way.
 */
export function createDailyChannelHandler(deps: DailyChannelDeps): TaskHandler {
  return async (task, { deadline }) => {
    const payload = dailyChannelPayloadSchema.safeParse(task.payload);
    if (!payload.success) throw new PermanentError(`invalid daily_channel payload: ${payload.error.message}`);
    const { connection_id, channel_id, run_for_dt } = payload.data;
    const connection = await getConnection(deps.db, connection_id);
    if (!connection) throw new PermanentError(`connection ${connection_id} no longer exists`);
    if (connection.status !== 'active') throw new ReauthRequiredError(`connection ${connection_id} is ${connection.status}`);

    const session = new TokenSession(deps, connection);
    const rows: VideoDayMetrics[] = [];
    for (const day of chunkDays(run_for_dt, CHUNK_DAYS)) {
      // No call starts after the invocation's deadline; the chunk runs again from the start.
      if (deps.clock.now() >= deadline) throw new DeadlineReachedError(`deadline reached before ${day}; the chunk will run again`);
      const table = await session.call((token) => deps.client.queryTopVideosForDay(token, channel_id, day));
      const dayRows = mapTopVideosReport(table, { channelId: channel_id, dt: day });
      if (dayRows.length >= TOP_VIDEOS_MAX_RESULTS) {
        deps.log?.(`[sluice] ${channel_id} ${day}: top-videos report hit its ${TOP_VIDEOS_MAX_RESULTS}-row cap; videos past the top ${TOP_VIDEOS_MAX_RESULTS} by views are not stored`);
      }
      rows.push(...dayRows);
    }
    await upsertVideoDailyMetrics(deps.db, task.tenantId, rows, deps.clock.now());
  };
}

/** One task's view of a connection's tokens: refreshes before expiry, and once after a 401. */
class TokenSession {
  readonly #deps: DailyChannelDeps;
  readonly #connection: Connection;
  #accessToken: string | undefined;
  #expiresAt: Date | null;

  constructor(deps: DailyChannelDeps, connection: Connection) {
    this.#deps = deps;
    this.#connection = connection;
    this.#accessToken = connection.accessTokenEnc ? this.#unseal(connection.accessTokenEnc) : undefined;
    this.#expiresAt = connection.tokenExpiresAt;
  }

  /** A token that does not decrypt means TOKEN_ENCRYPTION_KEY changed: the operator must act. */
  #unseal(sealed: string): string {
    try {
      return this.#deps.cipher.decrypt(sealed);
    } catch (cause) {
      throw new ConfigError(`stored tokens of connection ${this.#connection.id} do not decrypt: was TOKEN_ENCRYPTION_KEY changed?`, { cause });
    }
  }

  get #grant() {
    return { id: this.#connection.id, refreshTokenEnc: this.#connection.refreshTokenEnc };
  }

  async call<T>(run: (accessToken: string) => Promise<T>): Promise<T> {
    const now = this.#deps.clock.now().getTime();
    if (!this.#accessToken || (this.#expiresAt && this.#expiresAt.getTime() - now < TOKEN_REFRESH_MARGIN_MS)) await this.#refresh();
    try {
      return await run(this.#accessToken!);
    } catch (error) {
      if (!(error instanceof AccessTokenRejectedError)) throw error;
      await this.#refresh();
      try {
        return await run(this.#accessToken!);
      } catch (retryError) {
        if (retryError instanceof AccessTokenRejectedError) await this.#lose(`access token rejected after refresh: ${retryError.message}`);
        throw retryError;
      }
    }
  }

  async #refresh(): Promise<void> {
    const { db, client, cipher, clock } = this.#deps;
    if (!this.#connection.refreshTokenEnc) await this.#lose('no refresh token stored');
    try {
      const tokens = await client.refreshAccessToken(this.#unseal(this.#connection.refreshTokenEnc!));
      this.#accessToken = tokens.accessToken;
      this.#expiresAt = tokens.expiresAt;
      await updateAccessToken(
        db,
        this.#grant,
        {
          accessTokenEnc: cipher.encrypt(tokens.accessToken),
          tokenExpiresAt: tokens.expiresAt,
          ...(tokens.refreshToken ? { refreshTokenEnc: cipher.encrypt(tokens.refreshToken) } : {}),
        },
        clock.now(),
      );
    } catch (error) {
      if (error instanceof ReauthRequiredError) await this.#lose(error.message);
      throw error;
    }
  }

  async #lose(reason: string): Promise<never> {
    if (!(await markNeedsReauth(this.#deps.db, this.#grant, reason, this.#deps.clock.now()))) {
      throw new RetryableError(`connection ${this.#connection.id} was re-authorized while this task ran; retrying with the new grant`);
    }
    throw new ReauthRequiredError(`connection ${this.#connection.id} needs re-authorization: ${reason}`);
  }
}
