import { inTransaction } from '../../db/transaction.js';
import { findConnection, saveConnectionGrant } from '../connections/connections.repository.js';
import { relinkCogs } from '../commerce/cogs-linking.js';
import { markFinancialDaysDirty } from '../commerce/daily-financials.repository.js';
import type { TokenSet } from '../connectors/auth/token-set.js';
import { retryTransient } from '../connectors/http/retry-transient.js';
import { ConflictError, JobActiveError } from '../errors.js';
import { hasJob } from '../jobs/backfill-jobs.repository.js';
import { jobScope } from '../jobs/job-scope.js';
import { startJob } from '../jobs/start-job.js';
import { resumePausedTasks } from '../queue/repository/index.js';
import type { Runtime } from '../runtime.js';


/**
 * Connecting an account, for every platform: exchange (`exchange` is the connector's own input,
 * validated by its endpoint: a code, a PKCE state, a personal token) → identify the account →
 * in one transaction, save the grant (tokens sealed), resume the connection's paused tasks
 * and enqueue the initial backfill. An account connected before gets no second backfill (the
 * scheduled syncs keep it fresh; the manual endpoint re-runs one on request), so reconnecting
 * refreshes its tokens and enqueues 0.
 */
/** How long the account lookup after an exchange may retry transient failures. */
const IDENTIFY_RETRY_MS = 10_000;

export async function connectAccount(runtime: Runtime, platform: string, tenantId: string, exchange: unknown, options: { tokens?: TokenSet } = {}): Promise<ConnectedAccount> {
  const live = await runtime.connectors.get(platform);
  const { connector, client } = live;
  const tokens = options.tokens ?? (await connector.auth.exchange(client, exchange));
  // The code is spent by now: a lone vendor hiccup (5xx, timeout) must not cost the person a new consent.
  const identity = await retryTransient(() => connector.identify(client, tokens, exchange), { deadline: new Date(runtime.clock.now().getTime() + IDENTIFY_RETRY_MS), clock: runtime.clock, random: Math.random });
  const cipher = live.cipher;
  const now = runtime.clock.now();
  const grant = {
    tenantId,
    platform,
    externalAccountId: identity.accountId,
    displayName: identity.displayName,
    scopes: tokens.scopes,
    accessTokenEnc: cipher.encrypt(tokens.accessToken),
    refreshTokenEnc: tokens.refreshToken === undefined ? undefined : cipher.encrypt(tokens.refreshToken),
    tokenExpiresAt: tokens.expiresAt,
    salesChannel: identity.salesChannel ?? null,
    limitations: identity.limitations ?? [],
    // The token that stands for the grant: a personal token is stored with each shop it connects.
    grantFingerprint: cipher.fingerprint(tokens.refreshToken ?? tokens.accessToken),
  };
  return inTransaction(runtime.database.db, async (trx) => {
    const before = await findConnection(trx, tenantId, platform, identity.accountId);
    const { connection, created } = await saveConnectionGrant(trx, grant, now);
    // COGS links through a shop's sales channel: a shop that now sells elsewhere relinks the tenant's orders.
    if (before && before.salesChannel !== grant.salesChannel) {
      const { changedDays } = await relinkCogs(trx, tenantId, 'all', now);
      await markFinancialDaysDirty(trx, tenantId, changedDays, now); // rebuilt by the next analytics-generation run
    }
    if (!connection.refreshTokenEnc && connector.auth.missingRefreshToken) {
      // Rolls the transaction back: a connection that cannot refresh would fail within the hour.
      throw new ConflictError(connector.auth.missingRefreshToken);
    }
    await identity.remember?.(trx, connection, now);
    await resumePausedTasks(trx, connection.id, now);
    const scope = jobScope({ tenantId, platform, accountId: identity.accountId, type: 'data-collection' });
    let backfill = { jobId: null as number | null, enqueued: 0 };
    if (created || !(await hasJob(trx, scope))) {
      try {
        backfill = await startJob(trx, live, connection, { type: 'data-collection', params: {}, whenActive: 'reject' }, now);
      } catch (error) {
        if (!(error instanceof JobActiveError)) throw error;
      }
    }
    const alias = connector.accountIdAlias;
    const answer: ConnectedAccount = {
      connection_id: connection.id,
      account_id: identity.accountId,
      ...(alias ? { [alias]: identity.accountId } : {}),
      backfill_enqueued: backfill.enqueued,
      job_id: backfill.jobId,
    };
    return answer;
  });
}

/** Every exchange's answer (DESIGN.md "Contracts"); YouTube's also carries `channel_id`. */
export interface ConnectedAccount {
  connection_id: number;
  account_id: string;
  backfill_enqueued: number;
  job_id: number | null;
  [alias: string]: unknown;
}
