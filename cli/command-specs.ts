/**
 * The CLI's commands as data: what each accepts and its help text. The parser checks
 * arguments against it and `--help` is rendered from it, so the two cannot drift apart.
 */
import type { ParseArgsOptionsConfig } from 'node:util';

/** Every option of every command, by its parse type; which command takes which is in COMMANDS. */
export const OPTION_TYPES = {
  url: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  status: { type: 'string' },
  type: { type: 'string' },
  platform: { type: 'string' },
  tenant: { type: 'string' },
  limit: { type: 'string' },
  cursor: { type: 'string' },
  all: { type: 'boolean' },
  account: { type: 'string' },
  connection: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
  days: { type: 'string' },
  force: { type: 'boolean' },
  watch: { type: 'boolean' },
  interval: { type: 'string' },
  rps: { type: 'string' },
  'daily-quota': { type: 'string' },
  'backfill-share': { type: 'string' },
  concurrency: { type: 'string' },
  plan: { type: 'string' },
  phase: { type: 'string' },
  note: { type: 'string' },
  by: { type: 'string' },
  override: { type: 'string' },
  database: { type: 'string' },
  out: { type: 'string' },
  file: { type: 'string' },
  preview: { type: 'boolean' },
} as const satisfies ParseArgsOptionsConfig;

export type OptionName = keyof typeof OPTION_TYPES;

export const GLOBAL_OPTIONS = ['url', 'token', 'json', 'help'] as const satisfies readonly OptionName[];

export type CommandName =
  | 'jobs list'
  | 'jobs show'
  | 'jobs create'
  | 'jobs preview'
  | 'jobs cancel'
  | 'jobs pause'
  | 'jobs resume'
  | 'jobs watch'
  | 'config rate-limit get'
  | 'config rate-limit set'
  | 'pipeline create'
  | 'pipeline list'
  | 'pipeline status'
  | 'pipeline approve'
  | 'pipeline health'
  | 'pipeline rollback'
  | 'pipeline report'
  | 'playlist-sync preview'
  | 'playlist-sync create'
  | 'playlist-sync restore';

export interface CommandSpec {
  name: CommandName;
  /** Positional arguments as shown in the usage line. */
  args: string;
  summary: string;
  /** The command's own options and their help lines (`[value, text]`). */
  options: Partial<Record<OptionName, readonly [string, string]>>;
  notes?: readonly string[];
}

const JOB_TARGET = {
  type: ['T', 'Job type (default data-collection)'],
  platform: ['P', 'Platform (default youtube)'],
  tenant: ['X', 'Tenant id (required)'],
  account: ['A', "The account's platform id (e.g. the YouTube channel id)"],
  connection: ['N', 'The connection id, instead of --account'],
  start: ['YYYY-MM-DD', 'First day of the range (with --end; inclusive)'],
  end: ['YYYY-MM-DD', 'Last day of the range (inclusive)'],
  days: ['N', 'The last N days instead of --start/--end'],
  force: ['', 'Run again what already succeeded'],
} as const;

const INTERVAL = ['MS', 'Poll every MS milliseconds (default 1000)'] as const;
const WATCH = ['', 'Then watch it until it ends (exit code as jobs watch)'] as const;
const SYNC_FILE = ['FILE', 'The request as JSON: {tenant_id, channel_id, categories: [{name, video_ids}], replace_playlist_ids?}'] as const;
const SYNC_NOTES = [
  "The channel's connection needs write access: connect it with /api/oauth/youtube/start?access=write.",
  'A sync spends 50 quota units a write; when the daily quota runs out it pauses and resumes after midnight Pacific.',
] as const;

/** `pipeline approve` and `pipeline health`: who approves and why. */
const APPROVAL = {
  note: ['TEXT', 'Why it may go on (required; recorded with the approval)'],
  by: ['NAME', 'Who approves (default $USER)'],
  override: ['REASON', 'Required to approve past a failed phase'],
} as const;

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'jobs list',
    args: '',
    summary: 'List jobs, newest first',
    options: {
      status: ['S[,S…]', 'Only these statuses: pending, running, paused, succeeded, failed, cancelled'],
      type: ['T', 'Only jobs of this type'],
      platform: ['P', 'Only jobs of this platform'],
      tenant: ['X', 'Only jobs of this tenant'],
      limit: ['N', 'Jobs per page'],
      cursor: ['C', 'The page after this cursor (printed under a full page)'],
      all: ['', 'Follow every page'],
    },
  },
  { name: 'jobs show', args: 'ID', summary: 'Show a job: progress, per-scope detail, errors, ETA', options: {} },
  {
    name: 'jobs create',
    args: '',
    summary: 'Create a job',
    options: { ...JOB_TARGET, watch: WATCH, interval: INTERVAL },
    notes: ["'jobs preview' with the same flags shows what it would cost first."],
  },
  { name: 'jobs preview', args: '', summary: 'Show what a create would run and cost; creates nothing', options: JOB_TARGET },
  { name: 'jobs cancel', args: 'ID', summary: 'Cancel a job (running tasks stop at their next chunk)', options: {} },
  { name: 'jobs pause', args: 'ID', summary: 'Pause a job (its tasks stop being claimed)', options: {} },
  { name: 'jobs resume', args: 'ID', summary: 'Resume a paused job', options: {} },
  {
    name: 'jobs watch',
    args: '[ID…]',
    summary: 'Progress bars per job and per scope until the jobs end',
    options: { interval: INTERVAL },
    notes: [
      'Without an ID: every active job (pending, running, paused), including jobs that start',
      'meanwhile, until none is active. With --json: one JSON line per job per poll.',
    ],
  },
  {
    name: 'playlist-sync preview',
    args: '',
    summary: "Show a playlist sync's stages, quota units and days; writes nothing",
    options: { file: SYNC_FILE },
    notes: SYNC_NOTES,
  },
  {
    name: 'playlist-sync create',
    args: '',
    summary: "Start a playlist sync: the channel's playlists made to match the categories",
    options: { file: SYNC_FILE, watch: WATCH, interval: INTERVAL },
    notes: ["'playlist-sync preview' with the same file shows what it would cost first.", ...SYNC_NOTES],
  },
  {
    name: 'playlist-sync restore',
    args: 'ID',
    summary: 'Recreate the playlists sync ID deleted, from its backup',
    options: { preview: ['', 'Show what it would recreate and cost; writes nothing'], watch: WATCH, interval: INTERVAL },
  },
  { name: 'config rate-limit get', args: '', summary: 'Show the rate limits per platform and their usage', options: {} },
  {
    name: 'config rate-limit set',
    args: 'PLATFORM',
    summary: "Change a platform's limits (only the fields given)",
    options: {
      rps: ['N', 'Requests per second, at least 0.1'],
      'daily-quota': ['N', 'Daily quota (calls or quota units)'],
      'backfill-share': ['F', 'Share of the daily quota backfills may use, 0–1'],
      concurrency: ['N', 'Tasks of the platform running at once, at most DISPATCH_CONCURRENCY'],
    },
    notes: [
      'PLATFORM is a key of the config, e.g. youtube or youtube-data.',
      "Any value may be the word 'default': the field goes back to the server's default",
      '(e.g. --rps default).',
    ],
  },
  {
    name: 'pipeline create',
    args: '',
    summary: 'Start a guarded data backfill from a plan file and print its dry run',
    options: { plan: ['FILE', 'The plan (JSON; its schema: docs/data-backfill-plan.schema.json)'] },
    notes: ['Nothing changes until its apply is approved: npx sluice pipeline approve RUN --phase apply --note TEXT'],
  },
  { name: 'pipeline list', args: '', summary: 'List data-backfill runs, newest first', options: {} },
  {
    name: 'pipeline status',
    args: 'RUN',
    summary: 'Show a run: phase, next phase, batches, soak checks, health, approvals',
    options: { watch: ['', 'Draw its progress until it halts (exit 3 when it failed)'], interval: INTERVAL },
  },
  {
    name: 'pipeline approve',
    args: 'RUN',
    summary: 'Approve the phase a run waits for (apply, soak or health)',
    options: { phase: ['PHASE', 'The phase it unlocks: apply, soak or health (required)'], ...APPROVAL, database: ['URL', 'Health only: the database to check instead of HEALTH_DATABASE_URL'] },
  },
  {
    name: 'pipeline health',
    args: 'RUN',
    summary: 'Approve the health check against a database (approve --phase health --database URL)',
    options: { database: ['URL', 'The database to check, e.g. production (required)'], ...APPROVAL },
    notes: ['--note defaults to "health check of <database>".'],
  },
  {
    name: 'pipeline rollback',
    args: 'RUN',
    summary: "Restore the rows a run's apply changed, under its throttle, and wait for it to end (exit 3 when rows changed since were left as conflicts)",
    options: { watch: ['', 'Accepted for symmetry with status: a rollback is always followed to its end'], interval: INTERVAL },
    notes: ['A row changed by someone else since the apply is not overwritten: it is listed as a conflict.'],
  },
  {
    name: 'pipeline report',
    args: 'RUN',
    summary: "Write a run's artifacts (backfill_summary.md, backfill_logs/…) into a folder",
    options: { out: ['DIR', 'The folder (created when missing; required)'] },
  },
];

export const EXIT_CODE_HELP = [
  '0  ok',
  '1  server, network or unexpected error',
  '2  usage error, or the API refused the input (400; each issue is printed)',
  '3  a watched job ended failed or cancelled; a watched run failed; a rollback left conflicts',
  '4  not found (404)',
  '5  conflict (409; job_active prints the active job id)',
  '6  unauthorized (401)',
] as const;

const GLOBAL_HELP: Record<(typeof GLOBAL_OPTIONS)[number], readonly [string, string]> = {
  url: ['URL', 'Sluice base URL (default $SLUICE_URL, else http://localhost:3000)'],
  token: ['TOKEN', 'Admin token (default $ADMIN_TOKEN; for a local server, .data/dev-secrets.env)'],
  json: ['', "Print the API's JSON instead of text"],
  help: ['', 'Help for the command'],
};

/** Under the global options: a token on the command line is visible to every user of the machine. */
const TOKEN_NOTE = '  Prefer ADMIN_TOKEN to --token: a --token value shows in ps and in shell history.';

export function commandSpec(name: CommandName): CommandSpec {
  return COMMANDS.find((spec) => spec.name === name)!;
}

/** `npx sluice --help`: every command, the global options and the exit codes. */
export function topLevelHelp(): string {
  const width = Math.max(...COMMANDS.map((spec) => usageOf(spec).length));
  return [
    'Usage: npx sluice <command> [options]',
    '',
    'Operate Sluice jobs (backfills, syncs, playlist syncs) and guarded data backfills through the admin API.',
    '',
    'Commands:',
    ...COMMANDS.map((spec) => `  ${usageOf(spec).padEnd(width)}  ${spec.summary}`),
    '',
    'Global options:',
    ...optionLines(GLOBAL_HELP),
    TOKEN_NOTE,
    '',
    'Exit codes:',
    ...EXIT_CODE_HELP.map((line) => `  ${line}`),
    '',
    "Run 'npx sluice <command> --help' for a command's options, e.g. npx sluice jobs create --help",
  ].join('\n');
}

/** `npx sluice jobs create --help` */
export function commandHelp(spec: CommandSpec): string {
  const own = optionLines(spec.options);
  return [
    `Usage: npx sluice ${usageOf(spec)}${own.length > 0 ? ' [options]' : ''}`,
    '',
    `${spec.summary}.`,
    ...(spec.notes ? ['', ...spec.notes] : []),
    ...(own.length > 0 ? ['', 'Options:', ...own] : []),
    '',
    'Global options:',
    ...optionLines(GLOBAL_HELP),
    TOKEN_NOTE,
    '',
    'Exit codes:',
    ...EXIT_CODE_HELP.map((line) => `  ${line}`),
  ].join('\n');
}

function usageOf(spec: CommandSpec): string {
  return spec.args ? `${spec.name} ${spec.args}` : spec.name;
}

function optionLines(options: Partial<Record<OptionName, readonly [string, string]>>): string[] {
  const entries = Object.entries(options) as [OptionName, readonly [string, string]][];
  const flags = entries.map(([name, [value]]) => `${name === 'help' ? '-h, ' : ''}--${name}${value ? ` ${value}` : ''}`);
  const width = Math.max(0, ...flags.map((flag) => flag.length));
  return entries.map(([, [, text]], index) => `  ${flags[index]!.padEnd(width)}  ${text}`);
}
