/**
 * A runtime whose registry holds only the "stepped" test connector (stepped-connector.ts), on a
 * fresh database of the test's engine, with a clock the test can move forward: it follows real
 * time (so the dispatcher's progress throttle behaves as in production) plus whatever the test
 * added, so "ten minutes later" needs no sleeping.
 */
import { inTransaction } from '../../db/transaction.js';
import { fromDbJson } from '../../db/values.js';
import { saveConnectionGrant, type Connection } from '../../lib/connections/connections.repository.js';
import { loadConfig } from '../../lib/config/env.js';
import { createRegistry } from '../../lib/connectors/registry.js';
import { drainQueue } from '../../lib/queue/drain-queue.js';
import { dispatch, type DispatchSummary } from '../../lib/dispatcher/dispatch.js';
import type { JobRequest } from '../../lib/jobs/jobs.service.js';
import type { JobParams } from '../../lib/connectors/connector.js';
import { createRuntime, type Runtime } from '../../lib/runtime.js';
import type { Clock } from '../../lib/shared/clock.js';
import { silentLogger } from '../../lib/shared/logger.js';
import { createTokenCipher } from '../../lib/shared/token-cipher.js';
import { createStepLogTable, STEPPED, SteppedController, steppedEntry, type SteppedSettings } from './stepped-connector.js';
import { createTestDatabase, type TestDatabase, type TestEngine } from './test-databases.js';

export const TOKEN_KEY = Buffer.alloc(32, 7).toString('base64');

export interface ShiftedClock extends Clock {
  advance(ms: number): void;
}

export function shiftedClock(): ShiftedClock {
  let shift = 0;
  return { now: () => new Date(Date.now() + shift), advance: (ms) => void (shift += ms) };
}

export interface SteppedRig {
  database: TestDatabase;
  runtime: Runtime;
  clock: ShiftedClock;
  controller: SteppedController;
  settings: SteppedSettings;
  /** An active connection of the stepped platform, saved as an OAuth exchange would (no job is started). */
  connect(tenantId: string, accountId: string): Promise<Connection>;
  /** A data-collection create or preview for the connection. */
  request(connection: Connection, params?: JobParams): JobRequest;
  /** One dispatcher invocation with a minute of time. */
  dispatch(): Promise<DispatchSummary>;
  /**
   * Runs every ready task through the queue with no report reaching its job: an invocation
   * killed after its tasks finished and before it wrote their jobs.
   */
  runUnreported(): Promise<void>;
  tasks(filter: { jobId?: number; connectionId?: number }): Promise<TaskState[]>;
  close(): Promise<void>;
}

export interface TaskState {
  id: number;
  key: string;
  jobId: number | null;
  status: string;
  pauseReason: string | null;
  attempts: number;
  stepsDone: number;
  checkpoint: { step: number } | null;
  leaseToken: string | null;
}

export interface SteppedRuntimeOptions {
  /** DISPATCH_CONCURRENCY: the dispatcher's lanes (and the runtime's pool: two more connections). */
  concurrency: number;
  settings?: Partial<SteppedSettings>;
  followUps?: boolean;
}

/** A runtime on an existing database whose registry holds only the stepped connector (also used by child processes). */
export async function createSteppedRuntime(databaseUrl: string, options: SteppedRuntimeOptions): Promise<{ runtime: Runtime; controller: SteppedController; clock: ShiftedClock; settings: SteppedSettings }> {
  const controller = new SteppedController();
  const settings: SteppedSettings = { stepsPerTask: 3, tasksPerJob: 4, ...options.settings };
  const registry = createRegistry({ [STEPPED]: steppedEntry(controller, settings, { followUps: options.followUps ?? false }) });
  const config = loadConfig({ DATABASE_URL: databaseUrl, TOKEN_ENCRYPTION_KEY: TOKEN_KEY, DISPATCH_CONCURRENCY: String(options.concurrency) }, registry);
  const clock = shiftedClock();
  const runtime = await createRuntime(config, { registry, logger: silentLogger, clock });
  return { runtime, controller, clock, settings };
}

export async function startSteppedRig(engine: TestEngine, options: SteppedRuntimeOptions): Promise<SteppedRig> {
  const database = await createTestDatabase(engine, { connectionLimit: 2 });
  await createStepLogTable(database.db);
  const { runtime, controller, clock, settings } = await createSteppedRuntime(database.url, options);
  const cipher = createTokenCipher(Buffer.from(TOKEN_KEY, 'base64'));
  const { db } = runtime.database;
  return {
    database,
    runtime,
    clock,
    controller,
    settings,
    connect: (tenantId, accountId) =>
      inTransaction(db, async (trx) => {
        const grant = {
          tenantId,
          platform: STEPPED,
          externalAccountId: accountId,
          displayName: accountId,
          scopes: 'steps',
          accessTokenEnc: cipher.encrypt(`access-${accountId}`),
          refreshTokenEnc: cipher.encrypt(`refresh-${accountId}`),
          tokenExpiresAt: null,
        };
        return (await saveConnectionGrant(trx, grant, clock.now())).connection;
      }),
    request: (connection, params = {}) => ({ type: 'data-collection', platform: STEPPED, tenantId: connection.tenantId, connectionId: connection.id, params }),
    dispatch: () => dispatch(runtime, new Date(clock.now().getTime() + 60_000)),
    async runUnreported() {
      const live = await runtime.connectors.get(STEPPED);
      await drainQueue({
        db,
        strategy: runtime.claimStrategy,
        clock,
        deadline: new Date(clock.now().getTime() + 60_000),
        batchSize: 1,
        concurrency: 1,
        leaseMs: 60_000,
        handle: (task, context) => live.handler(task.kind)!(task, context),
      });
    },
    async tasks(filter) {
      let query = db.selectFrom('job_tasks').selectAll();
      if (filter.jobId !== undefined) query = query.where('job_id', '=', filter.jobId);
      if (filter.connectionId !== undefined) query = query.where('connection_id', '=', filter.connectionId);
      const rows = await query.orderBy('dedupe_key').execute();
      return rows.map((row) => ({
        id: Number(row.id),
        key: row.dedupe_key,
        jobId: row.job_id === null ? null : Number(row.job_id),
        status: row.status,
        pauseReason: row.pause_reason,
        attempts: Number(row.attempts),
        stepsDone: Number(row.steps_done),
        checkpoint: fromDbJson<{ step: number }>(row.checkpoint ?? null),
        leaseToken: row.lease_token,
      }));
    },
    async close() {
      await runtime.database.destroy();
      await database.drop();
    },
  };
}
