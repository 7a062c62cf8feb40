/**
 * argv → what to do, without touching the network or the environment: every check a
 * person's typing can fail is made here (exit 2) before a request is sent.
 */
import { parseArgs } from 'node:util';
import { JOB_STATUSES, type BackfillRequest, type JobListQuery, type RateLimitChanges } from './admin-schemas.js';
import { UsageError } from './cli-errors.js';
import { COMMANDS, GLOBAL_OPTIONS, OPTION_TYPES, type CommandName, type CommandSpec, type OptionName } from './command-specs.js';
import { MIN_REQUESTS_PER_SECOND } from '../lib/budgets/budget-policy.js';
import { pipelineCommand, type PipelineCommand } from './parse-pipeline-arguments.js';

export const DEFAULT_JOB_TYPE = 'data-collection';
export const DEFAULT_PLATFORM = 'youtube';
export const DEFAULT_INTERVAL_MS = 1_000;
/** Faster polling than this only loads the server; the progress it shows moves about once a second. */
const MIN_INTERVAL_MS = 100;
/** The API's floor: slower, the server's limiter would reschedule most calls rather than send them. */

export type CliCommand =
  /** `command` is '' for the top level; `requested` is false when no command was given at all. */
  | { name: 'help'; command: CommandName | ''; requested: boolean }
  | { name: 'jobs list'; query: JobListQuery; all: boolean }
  | { name: 'jobs show' | 'jobs cancel' | 'jobs pause' | 'jobs resume'; id: string }
  | { name: 'jobs create'; request: BackfillRequest; watch: boolean; intervalMs: number }
  | { name: 'jobs preview'; request: BackfillRequest }
  | { name: 'jobs watch'; ids: string[]; intervalMs: number }
  | { name: 'config rate-limit get' }
  | { name: 'config rate-limit set'; platform: string; changes: RateLimitChanges }
  | PipelineCommand
  /** `file`: the request's JSON file, read by run-cli.ts (parsing touches no file). */
  | { name: 'playlist-sync preview'; file: string }
  | { name: 'playlist-sync create'; file: string; watch: boolean; intervalMs: number }
  | { name: 'playlist-sync restore'; id: string; preview: boolean; watch: boolean; intervalMs: number };

export interface CliInvocation {
  command: CliCommand;
  /** The flags as given; defaults from the environment are applied by connection-settings.ts. */
  url: string | undefined;
  token: string | undefined;
  json: boolean;
}

export type Values = { [K in OptionName]?: (typeof OPTION_TYPES)[K]['type'] extends 'boolean' ? boolean : string };

export function parseArguments(argv: readonly string[]): CliInvocation {
  let parsed: ReturnType<typeof parseAll>;
  try {
    parsed = parseAll(argv);
  } catch (error) {
    // node:util's messages name the option (`Unknown option '--x'`, `Option '--tenant <value>' argument missing`);
    // a lenient parse still finds the command whose help to point at.
    const lenient = parseArgs({ args: [...argv], options: OPTION_TYPES, allowPositionals: true, strict: false });
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''), findCommand(lenient.positionals)?.name ?? '');
  }
  const values = parsed.values as Values;
  const global = { url: values.url, token: values.token, json: values.json === true };
  const spec = findCommand(parsed.positionals);
  if (spec === undefined) {
    if (parsed.positionals.length === 0) return { ...global, command: { name: 'help', command: '', requested: values.help === true } };
    if (values.help) return { ...global, command: { name: 'help', command: '', requested: true } };
    throw new UsageError(`unknown command '${parsed.positionals.join(' ')}'`);
  }
  if (values.help) return { ...global, command: { name: 'help', command: spec.name, requested: true } };
  const given = parsed.tokens.flatMap((token) => (token.kind === 'option' ? [token.name as OptionName] : []));
  const foreign = given.filter((name) => !(GLOBAL_OPTIONS as readonly string[]).includes(name) && !(name in spec.options));
  if (foreign.length > 0) throw new UsageError(`'${spec.name}' does not take --${foreign[0]}`, spec.name);
  const args = parsed.positionals.slice(spec.name.split(' ').length);
  return { ...global, command: commandFrom(spec, args, values) };
}

function parseAll(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTION_TYPES, allowPositionals: true, strict: true, tokens: true });
}

/** The command whose words start the positionals (`jobs list`, `config rate-limit set`). */
function findCommand(positionals: readonly string[]): CommandSpec | undefined {
  return COMMANDS.find((spec) => spec.name.split(' ').every((word, index) => positionals[index] === word));
}

function commandFrom(spec: CommandSpec, args: readonly string[], values: Values): CliCommand {
  const name = spec.name;
  switch (name) {
    case 'jobs list':
      noArgs(name, args);
      return { name, query: jobListQuery(values), all: values.all === true };
    case 'jobs show':
    case 'jobs cancel':
    case 'jobs pause':
    case 'jobs resume':
      return { name, id: oneJobId(name, args) };
    case 'jobs create':
      noArgs(name, args);
      return { name, request: backfillRequest(name, values), watch: values.watch === true, intervalMs: interval(name, values) };
    case 'jobs preview':
      noArgs(name, args);
      return { name, request: backfillRequest(name, values) };
    case 'jobs watch':
      args.forEach((id) => jobId(name, id));
      return { name, ids: [...new Set(args)], intervalMs: interval(name, values) };
    case 'config rate-limit get':
      noArgs(name, args);
      return { name };
    case 'playlist-sync preview':
      noArgs(name, args);
      return { name, file: requestFile(name, values) };
    case 'playlist-sync create':
      noArgs(name, args);
      return { name, file: requestFile(name, values), watch: values.watch === true, intervalMs: interval(name, values) };
    case 'playlist-sync restore': {
      if (values.preview && values.watch) throw new UsageError('--preview creates nothing to watch: give one of --preview and --watch', name);
      return { name, id: oneJobId(name, args), preview: values.preview === true, watch: values.watch === true, intervalMs: interval(name, values) };
    }
    case 'config rate-limit set': {
      const [platform, ...extra] = args;
      if (platform === undefined || platform === '') throw new UsageError('missing PLATFORM (e.g. youtube)', name);
      noArgs(name, extra);
      return { name, platform, changes: rateLimitChanges(name, values) };
    }
    default:
      return pipelineCommand(name, args, values, { interval, noArgs, nonEmpty });
  }
}

/** `jobs list` filters → the list endpoint's query. */
export function jobListQuery(values: Values): JobListQuery {
  const command = 'jobs list';
  const query: JobListQuery = {};
  if (values.status !== undefined) {
    const statuses = values.status.split(',').map((status) => status.trim()).filter((status) => status !== '');
    const unknown = statuses.find((status) => !(JOB_STATUSES as readonly string[]).includes(status));
    if (statuses.length === 0 || unknown !== undefined) throw new UsageError(`--status: '${unknown ?? values.status}' is not one of ${JOB_STATUSES.join(', ')}`, command);
    query.status = [...new Set(statuses)].join(',');
  }
  if (values.type !== undefined) query.type = nonEmpty(command, 'type', values.type);
  if (values.platform !== undefined) query.platform = nonEmpty(command, 'platform', values.platform);
  if (values.tenant !== undefined) query.tenant_id = nonEmpty(command, 'tenant', values.tenant);
  if (values.limit !== undefined) query.limit = positiveInteger(command, 'limit', values.limit);
  if (values.cursor !== undefined) query.cursor = nonEmpty(command, 'cursor', values.cursor);
  return query;
}

/** `jobs create|preview` flags → the create body (DESIGN.md "Jobs": inclusive `start_date`/`end_date`). */
export function backfillRequest(command: CommandName, values: Values): BackfillRequest {
  if (values.tenant === undefined) throw new UsageError('--tenant is required', command);
  const request: BackfillRequest = {
    type: values.type === undefined ? DEFAULT_JOB_TYPE : nonEmpty(command, 'type', values.type),
    platform: values.platform === undefined ? DEFAULT_PLATFORM : nonEmpty(command, 'platform', values.platform),
    tenant_id: nonEmpty(command, 'tenant', values.tenant),
  };
  if (values.account !== undefined && values.connection !== undefined) throw new UsageError('give --account or --connection, not both', command);
  if (values.account !== undefined) request.account_id = nonEmpty(command, 'account', values.account);
  if (values.connection !== undefined) request.connection_id = positiveInteger(command, 'connection', values.connection);
  const hasRange = values.start !== undefined || values.end !== undefined;
  if (hasRange && values.days !== undefined) throw new UsageError('give --start/--end or --days, not both', command);
  if (hasRange) {
    if (values.start === undefined || values.end === undefined) throw new UsageError('--start and --end go together', command);
    request.start_date = calendarDay(command, 'start', values.start);
    request.end_date = calendarDay(command, 'end', values.end);
    if (request.start_date > request.end_date) throw new UsageError(`--start ${request.start_date} is after --end ${request.end_date}`, command);
  }
  if (values.days !== undefined) request.days = positiveInteger(command, 'days', values.days);
  if (values.force) request.force = true;
  return request;
}

/** The word that puts a rate-limit field back to the environment's default (null in the PUT). */
export const DEFAULT_WORD = 'default';

/**
 * `config rate-limit set` flags → the platform's partial config; at least one change. Each
 * flag takes a value or `default` (the API's null: back to the environment's default).
 */
export function rateLimitChanges(command: CommandName, values: Values): RateLimitChanges {
  const changes: RateLimitChanges = {};
  const field = (option: OptionName, parse: (value: string) => number): number | null | undefined => {
    const value = values[option];
    if (typeof value !== 'string') return undefined;
    return value.trim() === DEFAULT_WORD ? null : parse(value);
  };
  const rps = field('rps', (value) => {
    const number = finiteNumber(command, 'rps', value);
    if (number < MIN_REQUESTS_PER_SECOND) throw new UsageError(`--rps must be at least ${MIN_REQUESTS_PER_SECOND} (or '${DEFAULT_WORD}')`, command);
    return number;
  });
  const dailyQuota = field('daily-quota', (value) => nonNegativeInteger(command, 'daily-quota', value));
  const backfillShare = field('backfill-share', (value) => {
    const share = finiteNumber(command, 'backfill-share', value);
    if (share < 0 || share > 1) throw new UsageError('--backfill-share is a fraction from 0 to 1 (0.5 is half the daily quota)', command);
    return share;
  });
  const concurrency = field('concurrency', (value) => positiveInteger(command, 'concurrency', value));
  if (rps !== undefined) changes.requests_per_second = rps;
  if (dailyQuota !== undefined) changes.daily_quota = dailyQuota;
  if (backfillShare !== undefined) changes.backfill_share = backfillShare;
  if (concurrency !== undefined) changes.concurrency = concurrency;
  if (Object.keys(changes).length === 0) throw new UsageError('nothing to change: give --rps, --daily-quota, --backfill-share or --concurrency', command);
  return changes;
}

function requestFile(command: CommandName, values: Values): string {
  if (values.file === undefined) throw new UsageError('--file is required: the request as JSON', command);
  return nonEmpty(command, 'file', values.file);
}

function interval(command: CommandName, values: Values): number {
  if (values.interval === undefined) return DEFAULT_INTERVAL_MS;
  const ms = positiveInteger(command, 'interval', values.interval);
  if (ms < MIN_INTERVAL_MS) throw new UsageError(`--interval must be at least ${MIN_INTERVAL_MS} ms`, command);
  return ms;
}

function oneJobId(command: CommandName, args: readonly string[]): string {
  if (args.length === 0) throw new UsageError('missing job ID', command);
  noArgs(command, args.slice(1));
  return jobId(command, args[0]!);
}

function jobId(command: CommandName, id: string): string {
  if (!/^[\w-]+$/.test(id)) throw new UsageError(`'${id}' is not a job ID`, command);
  return id;
}

function noArgs(command: CommandName, args: readonly string[]): void {
  if (args.length > 0) throw new UsageError(`unexpected argument '${args[0]}'`, command);
}

function nonEmpty(command: CommandName, option: string, value: string): string {
  if (value.trim() === '') throw new UsageError(`--${option} is empty`, command);
  return value.trim();
}

function finiteNumber(command: CommandName, option: string, value: string): number {
  const number = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(number)) throw new UsageError(`--${option} must be a number, not '${value}'`, command);
  return number;
}

function nonNegativeInteger(command: CommandName, option: string, value: string): number {
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) throw new UsageError(`--${option} must be a whole number, not '${value}'`, command);
  return Number(value);
}

function positiveInteger(command: CommandName, option: string, value: string): number {
  const number = nonNegativeInteger(command, option, value);
  if (number === 0) throw new UsageError(`--${option} must be at least 1`, command);
  return number;
}

/** A real calendar day in `YYYY-MM-DD` (2026-02-30 is refused, not rolled over). */
function calendarDay(command: CommandName, option: string, value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== value) throw new UsageError(`--${option} must be a day as YYYY-MM-DD, not '${value}'`, command);
  return value;
}
