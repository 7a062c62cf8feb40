/**
 * A connector that exists only in tests: "stepped", for job control under a running dispatch.
 * Its task commits numbered steps (checkpoint `{ step }`), each step's row written to
 * `test_step_log` in the step's own transaction, so a step committed twice shows as two rows and
 * a step rolled back as none. A test controller watches every run (which step it started from,
 * how it ended, how many run at once, the rate of its budget) and can hold a run on a promise
 * at a step boundary, or run a hook there (advance a clock), or make a run fail for its account's
 * authorization. No vendor, no HTTP: what is under test is the queue, the dispatcher and jobs.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { sqlFlavorOf } from '../../db/sql-flavor.js';
import type { Connector, JobPlanner } from '../../lib/connectors/connector.js';
import { defineConnectorConfig } from '../../lib/connectors/connector-config.js';
import type { RegistryEntry } from '../../lib/connectors/registry.js';
import { ReauthRequiredError, ValidationError } from '../../lib/errors.js';
import type { BudgetGate } from '../../lib/budgets/budget-gate.js';

export const STEPPED = 'stepped';
export const STEPS_KIND = 'stepped.steps';
export const ROLLUP_KIND = 'stepped.rollup';
/** The default rate of the connector's budget: high, so pacing never slows a test that does not ask for it. */
export const STEPPED_RATE = 1_000;

export interface SteppedSettings {
  /** Steps each task of a data-collection job commits. */
  stepsPerTask: number;
  /** Tasks of a data-collection job when the request gives no `days`. */
  tasksPerJob: number;
  /** The planner's priority of data-collection tasks (YouTube's history has 10); unset: 0, as a sync's. */
  backfillPriority?: number;
}

/** One handler run, as the handler saw it. */
export interface StepRun {
  key: string;
  jobId: number | null;
  /** The first step this run did (1 when it started from scratch, after the checkpoint otherwise). */
  from: number;
  /** Steps whose commit returned. */
  committed: number[];
  /** How the run ended: `ok`, or the error's name (`LeaseLostError` when a step was refused). */
  outcome: 'running' | 'ok' | string;
  /** The rate of its budget in force when the run started. */
  rate: number;
}

export interface StepHold {
  /** Resolves when a run of the task has reached the boundary and waits there. */
  reached: Promise<void>;
  release(): void;
}

export class SteppedController {
  readonly runs: StepRun[] = [];
  /** When (real ms) each call passed the budget gate. */
  readonly acquiredAt: number[] = [];
  /** Real ms each step takes before its commit (0: none), so runs overlap when lanes allow. */
  stepDelayMs = 0;
  private active = 0;
  private peak = 0;
  private readonly hooks = new Map<string, () => Promise<void> | void>();
  private readonly reauth = new Set<string>();

  /** Handlers running at once, at most, since the last reset. */
  get maxConcurrent(): number {
    return this.peak;
  }

  resetPeak(): void {
    this.peak = this.active;
  }

  runsOf(key: string): StepRun[] {
    return this.runs.filter((run) => run.key === key);
  }

  /** Runs `hook` once, when a run of task `key` has committed `step` (0: before its first step). */
  at(key: string, step: number, hook: () => Promise<void> | void): void {
    this.hooks.set(`${key}#${step}`, hook);
  }

  /** Holds the next run of `key` at the boundary after `step` (0: before its first step) until released. */
  hold(key: string, step: number): StepHold {
    const reached = Promise.withResolvers<void>();
    const released = Promise.withResolvers<void>();
    this.at(key, step, () => {
      reached.resolve();
      return released.promise;
    });
    return { reached: reached.promise, release: () => released.resolve() };
  }

  /** The next run of `key` fails before its first call as an account whose grant was revoked would. */
  failAuthorizationOnce(key: string): void {
    this.reauth.add(key);
  }

  /** @internal the handler's side */
  async boundary(key: string, step: number): Promise<void> {
    const hook = this.hooks.get(`${key}#${step}`);
    if (!hook) return;
    this.hooks.delete(`${key}#${step}`);
    await hook();
  }

  /** @internal */
  takeAuthorizationFailure(key: string): boolean {
    return this.reauth.delete(key);
  }

  /** @internal */
  enter(): void {
    this.active++;
    this.peak = Math.max(this.peak, this.active);
  }

  /** @internal */
  leave(): void {
    this.active--;
  }
}

/** The dedupe key of a data-collection task: keys sort in task order, as job checkpoints need. */
export function stepsKey(tenantId: string, accountId: string, index: number): string {
  return `${tenantId}:${STEPPED}:steps:${accountId}:task-${String(index).padStart(2, '0')}`;
}

export function syncKey(tenantId: string, accountId: string, now: Date): string {
  return `${tenantId}:${STEPPED}:sync:${accountId}:${now.toISOString().slice(0, 10)}`;
}

export function rollupKey(tenantId: string, accountId: string, tasks: number): string {
  return `${tenantId}:${STEPPED}:rollup:${accountId}:${tasks}`;
}

interface SteppedClient {
  budgets: BudgetGate;
}

const dataCollection: JobPlanner<SteppedSettings> = ({ connection, params, settings }) => {
  const tasks = params.days ?? settings.tasksPerJob;
  return {
    tasks: Array.from({ length: tasks }, (_, index) => ({
      kind: STEPS_KIND,
      dedupeKey: stepsKey(connection.tenantId, connection.externalAccountId, index),
      payload: { steps: settings.stepsPerTask },
      ...(settings.backfillPriority === undefined ? {} : { priority: settings.backfillPriority }),
    })),
    // `days` is what job recovery re-plans from (paramsFromConfig).
    config: { days: tasks },
    estimate: { apiCalls: tasks * settings.stepsPerTask, quotaUnits: tasks * settings.stepsPerTask },
  };
};

/** The daily refresh: one task for the day, at priority 0 (YouTube's sync priority). */
const sync: JobPlanner<SteppedSettings> = ({ connection, settings }, now) => ({
  tasks: [{ kind: STEPS_KIND, dedupeKey: syncKey(connection.tenantId, connection.externalAccountId, now), payload: { steps: settings.stepsPerTask }, priority: 0 }],
  config: {},
  estimate: { apiCalls: settings.stepsPerTask, quotaUnits: settings.stepsPerTask },
});

/** Derived rows from stored ones, no API calls: what YouTube's analytics-generation follow-up is. */
const analyticsGeneration: JobPlanner<SteppedSettings> = ({ connection, params, settings }) => {
  const tasks = params.days ?? settings.tasksPerJob;
  return {
    tasks: [{ kind: ROLLUP_KIND, dedupeKey: rollupKey(connection.tenantId, connection.externalAccountId, tasks), payload: { steps: 1 } }],
    config: { days: tasks },
    estimate: { apiCalls: 0, quotaUnits: 0 },
  };
};

export function steppedConnector(controller: SteppedController, options: { followUps: boolean }): Connector<SteppedSettings, SteppedClient> {
  const handler = (usesApi: boolean) => (deps: { client: SteppedClient }) =>
    (async (task, { checkpoint, commitStep }) => {
      const { steps } = task.payload as { steps: number };
      const from = ((checkpoint as { step?: number } | null)?.step ?? 0) + 1;
      const run: StepRun = { key: task.dedupeKey, jobId: task.jobId, from, committed: [], outcome: 'running', rate: (await deps.client.budgets.limitsOf(STEPPED)).requestsPerSecond };
      controller.runs.push(run);
      controller.enter();
      try {
        await controller.boundary(task.dedupeKey, from - 1);
        for (let step = from; step <= steps; step++) {
          if (usesApi) await deps.client.budgets.spend(STEPPED, {}, async () => void controller.acquiredAt.push(Date.now()));
          if (controller.takeAuthorizationFailure(task.dedupeKey)) throw new ReauthRequiredError(`invalid_grant for ${task.dedupeKey}`);
          if (controller.stepDelayMs > 0) await sleep(controller.stepDelayMs);
          await commitStep(async (trx) => {
            await trx.insertInto('test_step_log' as never).values({ task_key: task.dedupeKey, step } as never).execute();
          }, { step });
          run.committed.push(step);
          await controller.boundary(task.dedupeKey, step);
        }
        run.outcome = 'ok';
      } catch (error) {
        run.outcome = (error as Error).name;
        throw error;
      } finally {
        controller.leave();
      }
    }) satisfies ReturnType<Connector<SteppedSettings, SteppedClient>['tasks'][string]>;
  return {
    platform: STEPPED,
    createClient: async (deps) => ({ budgets: deps.budgets }),
    auth: {
      kind: 'oauth2',
      exchange: async (_client, { code }) => {
        if (!code.startsWith('code-')) throw new ValidationError(`the vendor rejected code ${code}`);
        return { accessToken: `access-${code.slice(5)}`, refreshToken: `refresh-${code.slice(5)}`, expiresAt: null, scopes: 'steps' };
      },
      refresh: async (_client, refreshToken) => ({ accessToken: `access-${refreshToken}`, refreshToken: undefined, expiresAt: null, scopes: 'steps' }),
    },
    identify: async (_client, tokens) => ({ accountId: tokens.accessToken.slice('access-'.length), displayName: 'Stepped account' }),
    tasks: { [STEPS_KIND]: handler(true), [ROLLUP_KIND]: handler(false) },
    planners: { 'data-collection': dataCollection, sync, 'analytics-generation': analyticsGeneration },
    schedules: [],
    budgets: () => [{ key: STEPPED, scope: 'app', requestsPerSecond: STEPPED_RATE, dailyQuota: null, quotaWindow: { kind: 'calendar-day', timeZone: 'UTC' }, unit: 'requests', backfillShare: 1, spentBy: [STEPS_KIND] }],
    ...(options.followUps ? { followUps: { 'data-collection': 'analytics-generation' } as const } : {}),
  };
}

export function steppedEntry(controller: SteppedController, settings: SteppedSettings, options: { followUps: boolean } = { followUps: false }): RegistryEntry {
  return {
    config: defineConnectorConfig({ platform: STEPPED, env: {}, secrets: [], settings: () => settings }),
    load: async () => steppedConnector(controller, options),
  };
}

/** The table the connector writes: deliberately without a key, so a step committed twice is two rows. */
export async function createStepLogTable(db: Kysely<Database>): Promise<void> {
  const text = sqlFlavorOf(db) === 'mysql' ? sql`varchar(191)` : sql`text`;
  await sql`create table test_step_log (task_key ${text} not null, step integer not null)`.execute(db);
}

/** Committed steps per task key, sorted: a step committed twice appears twice. */
export async function stepLog(db: Kysely<Database>): Promise<Map<string, number[]>> {
  const rows = (await db.selectFrom('test_step_log' as never).selectAll().execute()) as { task_key: string; step: number }[];
  const log = new Map<string, number[]>();
  for (const row of rows) log.set(row.task_key, [...(log.get(row.task_key) ?? []), Number(row.step)].sort((a, b) => a - b));
  return log;
}
