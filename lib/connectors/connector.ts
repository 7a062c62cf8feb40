import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Connection } from '../connections/connections.repository.js';
import type { TaskContext } from '../queue/drain-queue.js';
import type { NewTask, Task } from '../queue/repository/index.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { QuotaWindow } from '../budgets/budget-policy.js';
import type { BudgetGate } from '../budgets/budget-gate.js';
import type { TokenCipher } from '../shared/token-cipher.js';
import type { TokenSession } from './auth/token-session.js';
import type { TokenSet } from './auth/token-set.js';

/**
 * The seam every platform sits behind (DESIGN.md, "Architecture"). A connector is a folder
 * `lib/connectors/<platform>/` exporting one `Connector`; the registry (registry.ts) lists it,
 * and the dispatcher, the jobs code, the account flow and the crons find everything of a
 * platform through it. Nothing outside a connector's folder names its platform.
 */
export interface Connector<Settings = unknown, Client = unknown, ExchangeInput = CodeExchange> {
  platform: string;
  /**
   * Builds the platform client, the only code that does the platform's I/O, once per runtime
   * (shared by every task of an invocation; its calls spend the shared budgets). Heavy vendor modules are
   * imported here, so they load only when the platform's work runs.
   */
  createClient(deps: ConnectorDeps<Settings>): Promise<Client>;
  auth: AuthStrategy<Client, ExchangeInput>;
  /**
   * The account the tokens belong to (YouTube channel, Etsy shop, Shopify domain, Printify
   * shop); `input` is the exchange's, e.g. the shop a Printify token was asked for.
   */
  identify(client: Client, tokens: TokenSet, input: ExchangeInput): Promise<AccountIdentity>;
  /** Task kinds, named `${platform}.${name}`, and how to build each one's handler (tasks name their connection). */
  tasks: Readonly<Record<string, TaskHandlerFactory<Settings, Client>>>;
  /** How job messages name each kind's work: `{verb} {done}/{total} {unit}`, e.g. `Fetching daily video metrics… 3/12 chunks`. */
  taskLabels?: Readonly<Record<string, { verb: string; unit: string; entity?: string }>>;
  /** Pure planners per job type: (connection, params, facts, now) → tasks and estimate. */
  planners: Readonly<Partial<Record<JobType, JobPlanner<Settings>>>>;
  /**
   * What a job type's planner needs to know beyond the request for its estimate, read from the
   * database before a preview plans (YouTube: the channel's catalogue, so a big channel's
   * estimate counts its tail calls). Reads only; the planner stays pure, and plans the same
   * tasks without them.
   */
  planningFacts?: Partial<Record<JobType, (db: Kysely<Database>, connection: Connection) => Promise<unknown>>>;
  /** What the crons enqueue for every active connection of the platform. */
  schedules: readonly ScheduledSync[];
  /**
   * The platform's budgets with the environment's defaults: one per API with its own limits
   * (YouTube: `youtube` for Analytics, `youtube-data` for the Data API). The admin's rate-limit
   * config overrides them; the store shares them across invocations (lib/budgets).
   */
  budgets(settings: Settings): readonly BudgetSpec[];
  /** Extra name for the account id in API answers, e.g. `channel_id` (besides `account_id`). */
  accountIdAlias?: string;
  /**
   * The vendor counts its account-scoped budgets per grant, not per connected account (Printify:
   * one merchant account's token reaches several shops, each a connection): connections holding
   * the same grant share the budget (lib/budgets/budget-account.ts).
   */
  budgetsPerGrant?: boolean;
  /**
   * Jobs that follow others: when a job of type K succeeds, the jobs service starts a job of
   * type V for the same connection and date range (config `start_date`/`end_date`), forced —
   * e.g. derived tables rebuilt after the rows they are derived from were fetched.
   */
  followUps?: Partial<Record<JobType, JobType>>;
  /**
   * Status fields of its own for a job type, beside the fixed shape (DESIGN.md "Jobs": e.g. the
   * stage fields of seed 003 for playlist sync), read from the job's tasks; with the job's
   * message and errors when the type tells them better than task counts do.
   */
  jobDetails?: Partial<Record<JobType, JobDetailReader>>;
}

/** How a job's task stands in the queue, for a job type's own status fields. */
export interface JobTaskFacts {
  kind: string;
  status: 'queued' | 'running' | 'paused' | 'succeeded' | 'dead' | 'cancelled';
  checkpoint: unknown;
  lastError: string | null;
  /** Why a paused task waits (`job`: a person paused the job or the task paused itself for one). */
  pauseReason: string | null;
  runAfter: Date;
}

export interface JobDetail {
  /** Extra top-level fields of the job's status. */
  fields: Record<string, unknown>;
  /** A human line better than the task counts' (`Adding videos… 45/120`). */
  message?: string;
  /** Errors of the job's own items (a refused video), merged into the job's `errors`. */
  errors?: readonly { at: string; message: string }[];
  /** The budget the job's calls spend, when it is not the platform's main one (playlist sync: `youtube-data`): the job's `budget` shows its limits. */
  budget?: string;
}

export type JobDetailReader = (
  input: { db: Kysely<Database>; job: { id: number; lastResumedAt: Date | null }; tasks: readonly JobTaskFacts[]; budgetWaitUntil: Date | null },
  now: Date,
) => Promise<JobDetail>;

export const JOB_TYPES = ['data-collection', 'sync', 'analytics-generation', 'playlist-sync', 'data-backfill'] as const;
export type JobType = (typeof JOB_TYPES)[number];
/** Job types whose calls are held to a budget's backfill share (DESIGN.md "Budgets"); syncs, rebuilds and writes use the rest. */
export const BACKFILL_JOB_TYPES: readonly string[] = ['data-collection'];

/** What a connector's client and handlers are built from, once per runtime. */
export interface ConnectorDeps<Settings> {
  db: Kysely<Database>;
  clock: Clock;
  cipher: TokenCipher;
  logger: Logger;
  settings: Settings;
  /**
   * The connector's budgets (its BudgetSpecs), kept in the database and shared by every
   * invocation: each platform call is made through `budgets.spend`.
   */
  budgets: BudgetGate;
}

/** The input of Google's authorization-code exchange; other flows bring their own (PKCE state, HMAC-checked query, personal token). */
export interface CodeExchange {
  code: string;
  redirectUri?: string;
}

export interface AuthStrategy<Client, ExchangeInput = CodeExchange> {
  kind: 'oauth2' | 'oauth2-pkce' | 'shopify-offline' | 'personal-token';
  /**
   * Turns the exchange endpoint's validated input into tokens; input the vendor refuses (a
   * used code, a bad HMAC) is a ValidationError, the caller's.
   */
  exchange(client: Client, input: ExchangeInput): Promise<TokenSet>;
  /**
   * Refreshes an access token; a revoked grant is a ReauthRequiredError. `account` is the
   * connection's `external_account_id`, for vendors whose token endpoint is per account (a
   * Shopify shop's own `/admin/oauth/access_token`).
   */
  refresh(client: Client, refreshToken: string, account: { accountId: string }): Promise<TokenSet>;
  /** The 409 message when a new connection arrives without a refresh token; unset when none is needed. */
  missingRefreshToken?: string;
  /**
   * The vendor's consent page for a new connection (the `…/start` endpoint answers it): `state`
   * is Sluice's single-use state, `codeChallenge` the PKCE S256 challenge when the flow uses one.
   */
  authorizeUrl?(client: Client, request: AuthorizeRequest): string;
  /** The flow needs PKCE (Etsy): the start endpoint makes a verifier and keeps it with the state. */
  pkce?: boolean;
  /** The start parameters the flow takes besides the tenant (YouTube `access`, Shopify `shop`); any other is refused. */
  startParams?: readonly ('shop' | 'access')[];
  /**
   * Checks the `shop` start parameter before anything is stored or sent (Shopify: a
   * `*.myshopify.com` domain, else a 400 — it would become a request to any host); answers it as
   * the flow keeps it. The exchange must then come back for that same account.
   */
  checkShop?(shop: string): string;
  /**
   * Reads the raw query string the app's redirect URI received (Shopify: verifies its HMAC in
   * constant time and its shop) into the exchange's parts; a redirect that fails a check is a
   * ValidationError naming the parameter. Flows whose exchange takes `{state, code}` have none.
   */
  readRedirect?(client: Client, rawQuery: string): { state: string; code: string; account: string };
}

export interface AuthorizeRequest {
  state: string;
  codeChallenge?: string;
  /** Shopify: the `*.myshopify.com` shop, validated before it reaches here. */
  shop?: string;
  /** YouTube: `write` asks for the scope playlist sync needs. */
  access?: 'read' | 'write';
}

export interface AccountIdentity {
  accountId: string;
  displayName: string | null;
  /** Where the account sells, when it fulfils another platform's orders (a Printify shop's `sales_channel`): COGS links through it. */
  salesChannel?: string | null;
  /**
   * What this grant cannot read, shown on the connection (`limitations`) instead of failing
   * tasks over and over, e.g. a Shopify shop without `read_all_orders`: orders older than 60 days.
   */
  limitations?: readonly string[];
  /**
   * Keeps what the lookup learned about the account beyond the connection (YouTube: the uploads
   * playlist and video count `channels.list` reported), in the transaction that saves the
   * connection and before its initial backfill is planned.
   */
  remember?(trx: Transaction<Database>, connection: Connection, now: Date): Promise<void>;
}

/** A task handler's ingredients, built once per runtime: the connector's deps and client. */
export interface TaskDeps<Settings, Client> extends ConnectorDeps<Settings> {
  client: Client;
}

/**
 * What a connector task receives besides its row: the queue's context (deadline, checkpoint,
 * commitStep), its connection (loaded fresh and active; a lost one never reaches the handler),
 * a token session for it, and `call`, the way every authenticated platform call is made.
 */
export interface ConnectorTaskContext extends TaskContext {
  connection: Connection;
  session: TokenSession;
  /**
   * One platform call with a valid access token (the session), a lone transient failure
   * retried inside the task (retryTransient) before the task itself fails.
   */
  call<T>(run: (accessToken: string) => Promise<T>): Promise<T>;
  /**
   * One platform call that must not be repeated blind — a write the vendor does not make
   * idempotent (YouTube's inserts): no transient retry, so a timeout or 5xx reaches the caller,
   * who must look up the outcome before sending it again. The session's refresh after a 401
   * still repeats it: a rejected token means the write was not made.
   */
  callOnce<T>(run: (accessToken: string) => Promise<T>): Promise<T>;
}

export type ConnectorTaskHandler = (task: Task, context: ConnectorTaskContext) => Promise<void>;
export type TaskHandlerFactory<Settings, Client> = (deps: TaskDeps<Settings, Client>) => ConnectorTaskHandler;

/** A task as a planner emits it; the jobs code adds tenant, platform, connection and job. */
export type PlannedTask = Omit<NewTask, 'tenantId' | 'platform' | 'connectionId' | 'jobId'>;

export interface JobParams {
  /** How many days back from the platform's latest complete day; not with a start/end range. */
  days?: number;
  /** First day of an inclusive range (`YYYY-MM-DD`); needs `endDate`. */
  startDate?: string;
  /** Last day of an inclusive range (`YYYY-MM-DD`), at most the platform's latest complete day. */
  endDate?: string;
  /** Run tasks that already finished again (a re-fetch). */
  force?: boolean;
  /** Commerce: only these entities (a failed one re-run alone); default every entity of the platform, in order. */
  entities?: string[];
  /** A write job's request as its own service validated it (a playlist sync's categories and playlists), for its planner. */
  request?: Record<string, unknown>;
}

export interface JobPlan {
  tasks: PlannedTask[];
  /** Stored as the job's `config`. */
  config: Record<string, unknown>;
  estimate: {
    apiCalls: number;
    /** The vendor's quota units the tasks spend (per its cost table). */
    quotaUnits: number;
    /** The budget (BudgetSpec.key) the calls spend; default: the platform's name. */
    budget?: string;
    /**
     * Each task's share, in the order of `tasks`, when their costs differ (a big channel's
     * chunks: more videos published by a later chunk's end); default: equal shares.
     */
    perTask?: readonly { apiCalls: number; quotaUnits: number; /** How the task's calls are made up, for the preview (`top_list_calls`, `tail_calls_max`). */ parts?: Readonly<Record<string, number>> }[];
    /** Other budgets the job spends besides `budget` (YouTube: the catalogue's Data API units), for the preview. */
    alsoSpends?: readonly { budget: string; quotaUnits: number }[];
  };
}

export type JobPlanner<Settings> = (input: { connection: Connection; params: JobParams; settings: Settings; facts?: unknown }, now: Date) => JobPlan;

export interface ScheduledSync {
  /** Which cron runs it: `daily` is `/api/jobs/daily`; `sync` is `/api/jobs/sync` (commerce, for connections whose backfill ended). */
  cron: 'daily' | 'sync';
  job: JobType;
  params: JobParams;
  /** A fact the cron's answer reports under `key`, e.g. YouTube's `run_for_dt`. */
  reportAs?: { key: string; value(now: Date): unknown };
}

export interface BudgetSpec {
  /** The budget's key in the rate-limit config: the platform's name for its main API, `${platform}-${api}` for another. */
  key: string;
  /**
   * Whom the vendor counts by: the `app` (a Google Cloud project, an Etsy app key: every tenant
   * shares it; one app per platform per deployment) or the connected `account` (a Shopify shop,
   * a Printify account), keyed by the connection's `external_account_id`.
   */
  scope: 'app' | 'account';
  /** Requests per second Sluice allows itself (a per-minute vendor limit divided by 60). */
  requestsPerSecond: number;
  /** Quota units per window; null when the vendor sets none (usage is still counted). */
  dailyQuota: number | null;
  /** The vendor's quota window: a calendar day in its time zone, or a sliding 24 hours. */
  quotaWindow: QuotaWindow;
  /** What the quota counts, for messages: `queries`, `units`, `requests`, `points`. */
  unit: string;
  /** The share of the daily quota backfills may use, 0–1; the rest is kept for syncs and writes. */
  backfillShare: number;
  /**
   * The task kinds whose calls spend this budget: when it is exhausted, claims leave them queued
   * until it frees up (or paused, when only a person can raise it).
   */
  spentBy: readonly string[];
  /** A vendor cost bucket (Shopify), as assumed until its responses report the real one. */
  costBucket?: { capacity: number; restorePerSecond: number };
}
