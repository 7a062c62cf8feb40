/**
 * One CLI run: arguments → admin API calls → output and an exit code (exit-codes.ts).
 * Everything from the process (argv, environment, streams, signals) comes in through
 * `CliIo`, so the bin (sluice.mjs) is the only code that touches `process`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAdminClient, type AdminClient } from './admin-client.js';
import { AdminApiError } from './cli-errors.js';
import { commandHelp, commandSpec, topLevelHelp } from './command-specs.js';
import { resolveConnectionSettings, type ConnectionSettings } from './connection-settings.js';
import { EXIT, exitCodeForError, exitCodeForOutcomes, type ExitCode } from './exit-codes.js';
import { listAllJobs } from './list-all-jobs.js';
import { parseArguments, type CliCommand } from './parse-arguments.js';
import { renderError } from './render-error.js';
import { renderJob, renderJobSummary } from './render-job.js';
import { renderJobList } from './render-job-list.js';
import { describeRequest, renderPreview } from './render-preview.js';
import { renderRateLimits } from './render-rate-limits.js';
import { parsePlaylistSyncRequest } from './playlist-sync-request.js';
import { renderPlaylistRestorePreview, renderPlaylistSyncPreview } from './render-playlist-sync-preview.js';
import { withWatchLoop } from './watch-loop.js';
import { watchJobs } from './watch-jobs.js';
import { runPipelineCommand } from './run-pipeline.js';

/** The repository this CLI belongs to: `npm start` writes `.data/dev-secrets.env` here. */
const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface CliIo {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  /** Subscribes to Ctrl-C for the duration of a watch; returns the unsubscribe. */
  onInterrupt?: (listener: () => void) => () => void;
  fetch?: typeof fetch;
  now?: () => Date;
  readFile?: (path: string) => string | undefined;
  /** Writes a file, creating its folders (`pipeline report`). */
  writeFile?: (path: string, text: string) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export async function runCli(io: CliIo): Promise<ExitCode> {
  const out = (text: string) => io.stdout.write(`${text}\n`);
  const err = (text: string) => io.stderr.write(`${text}\n`);
  let settings: ConnectionSettings | undefined;
  let json = false;
  try {
    const invocation = parseArguments(io.argv);
    json = invocation.json;
    const { command } = invocation;
    if (command.name === 'help') {
      const text = command.command === '' ? topLevelHelp() : commandHelp(commandSpec(command.command));
      if (command.requested) out(text);
      else err(text);
      return command.requested ? EXIT.ok : EXIT.usage;
    }
    settings = resolveConnectionSettings({
      urlFlag: invocation.url,
      tokenFlag: invocation.token,
      env: io.env,
      secretsDirs: [io.cwd, PROJECT_ROOT],
      readFile: io.readFile ?? readTextFile,
    });
    const client = createAdminClient({ baseUrl: settings.baseUrl, token: settings.token, ...(io.fetch ? { fetch: io.fetch } : {}) });
    return await execute(command, { io, client, json, out, err });
  } catch (error) {
    // One line, so a watch's NDJSON stays line-per-value even when it ends on an error.
    if (json && error instanceof AdminApiError && error.body !== undefined) out(JSON.stringify(error.body));
    err(renderError(error, settings));
    return exitCodeForError(error);
  }
}

export interface Context {
  io: CliIo;
  client: AdminClient;
  json: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
}

async function execute(command: Exclude<CliCommand, { name: 'help' }>, context: Context): Promise<ExitCode> {
  const { client, json, out } = context;
  const now = () => context.io.now?.() ?? new Date();
  const print = (answer: { json: unknown }, text: () => string) => out(json ? JSON.stringify(answer.json, null, 2) : text());
  switch (command.name) {
    case 'jobs list': {
      const answer = command.all ? await listAllJobs(client, command.query) : await client.listJobs(command.query);
      print(answer, () => renderJobList(answer.value, command.query, now()));
      return EXIT.ok;
    }
    case 'jobs show': {
      const answer = await client.getJob(command.id);
      print(answer, () => renderJob(answer.value, now()));
      return EXIT.ok;
    }
    case 'jobs cancel':
    case 'jobs pause':
    case 'jobs resume': {
      const act = { 'jobs cancel': client.cancelJob, 'jobs pause': client.pauseJob, 'jobs resume': client.resumeJob }[command.name];
      const answer = await act(command.id);
      print(answer, () => renderJobSummary(answer.value));
      return EXIT.ok;
    }
    case 'jobs preview': {
      const answer = await client.previewJob(command.request);
      print(answer, () => renderPreview(answer.value, command.request));
      return EXIT.ok;
    }
    case 'jobs create': {
      const answer = await client.createJob(command.request);
      return created(answer, describeRequest(command.request), command, context);
    }
    case 'jobs watch':
      return watch(command.ids, command.intervalMs, context);
    case 'playlist-sync preview': {
      const answer = await client.previewPlaylistSync(readSyncRequest(command, context.io));
      print(answer, () => renderPlaylistSyncPreview(answer.value));
      return EXIT.ok;
    }
    case 'playlist-sync create': {
      const request = readSyncRequest(command, context.io);
      const answer = await client.createPlaylistSync(request);
      return created(answer, `playlist sync of channel ${request.channel_id} for tenant ${request.tenant_id}, ${request.categories.length} categories`, command, context);
    }
    case 'playlist-sync restore': {
      if (command.preview) {
        const answer = await client.previewPlaylistRestore(command.id);
        print(answer, () => renderPlaylistRestorePreview(answer.value));
        return EXIT.ok;
      }
      const answer = await client.createPlaylistRestore(command.id);
      return created(answer, `restore of what playlist sync ${command.id} deleted`, command, context);
    }
    case 'config rate-limit get': {
      const answer = await client.getRateLimits();
      print(answer, () => renderRateLimits(answer.value));
      return EXIT.ok;
    }
    case 'config rate-limit set': {
      const answer = await client.setRateLimit(command.platform, command.changes);
      print(answer, () => renderRateLimits(answer.value));
      return EXIT.ok;
    }
    default:
      return runPipelineCommand(command, context);
  }
}

/** After a create: the job's id and what it is (or its JSON), then the watch when asked for. */
function created(answer: { value: { id: unknown }; json: unknown }, what: string, command: { watch: boolean; intervalMs: number }, context: Context): Promise<ExitCode> | ExitCode {
  const id = String(answer.value.id);
  if (context.json) context.out(JSON.stringify(answer.json, null, command.watch ? undefined : 2));
  else context.out(`Created job ${id}: ${what}${command.watch ? '' : `\nWatch it: npx sluice jobs watch ${id}`}`);
  return command.watch ? watch([id], command.intervalMs, context) : EXIT.ok;
}

/** The request file, relative to where the CLI runs. */
function readSyncRequest(command: { name: 'playlist-sync preview' | 'playlist-sync create'; file: string }, io: CliIo) {
  return parsePlaylistSyncRequest((io.readFile ?? readTextFile)(resolve(io.cwd, command.file)), command.file, command.name);
}

async function watch(ids: readonly string[], intervalMs: number, context: Context): Promise<ExitCode> {
  const { json, out } = context;
  const result = await withWatchLoop(context, intervalMs, undefined, (loop) => watchJobs({ ids, intervalMs, client: context.client, ...loop }));
  if (result.interrupted) return EXIT.interrupted;
  if (!json) {
    if (result.jobs.length === 0) out('No active jobs.');
    for (const job of result.jobs) out(renderJobSummary(job));
  }
  return exitCodeForOutcomes(result.jobs.map((job) => job.status));
}

export function readTextFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

