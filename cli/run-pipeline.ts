/**
 * `pipeline …`: guarded data backfills through the admin API (DESIGN.md "Guarded data
 * backfills"). Only the plan file, the report's folder and $USER come from outside the API.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { UsageError } from './cli-errors.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { PipelineCommand } from './parse-pipeline-arguments.js';
import type { ApproveRequest, Run } from './pipeline-schemas.js';
import { renderDryRun, renderRun, renderRunList, renderRunSummary } from './render-run.js';
import { readTextFile, type Context } from './run-cli.js';
import { withWatchLoop } from './watch-loop.js';
import type { Answer } from './admin-client.js';
import { runWatchRows, watchRun } from './watch-run.js';
import { redactDatabaseUrl } from '../db/database-url.js';

export async function runPipelineCommand(command: PipelineCommand, context: Context): Promise<ExitCode> {
  const { client, json, out, io } = context;
  const now = () => io.now?.() ?? new Date();
  const print = (answer: { json: unknown }, text: () => string) => out(json ? JSON.stringify(answer.json, null, 2) : text());
  switch (command.name) {
    case 'pipeline create': {
      const path = isAbsolute(command.planFile) ? command.planFile : join(io.cwd, command.planFile);
      const text = (io.readFile ?? readTextFile)(path);
      if (text === undefined) throw new UsageError(`cannot read the plan file ${command.planFile}`, command.name);
      let plan: unknown;
      try {
        plan = JSON.parse(text);
      } catch (error) {
        throw new UsageError(`${command.planFile} is not JSON: ${(error as Error).message}`, command.name);
      }
      const answer = await client.createRun(plan);
      print(answer, () => renderDryRun(answer.value));
      return EXIT.ok;
    }
    case 'pipeline list': {
      const answer = await client.listRuns();
      print(answer, () => renderRunList(answer.value.runs));
      return EXIT.ok;
    }
    case 'pipeline status': {
      if (command.watch) return watch(command.id, command.intervalMs, context);
      const answer = await client.getRun(command.id);
      print(answer, () => renderRun(answer.value, now()));
      return EXIT.ok;
    }
    case 'pipeline approve':
    case 'pipeline health': {
      const { approval } = command;
      const request: ApproveRequest = {
        phase: approval.phase,
        note: approval.note ?? `health check of ${approval.databaseUrl ? redactDatabaseUrl(approval.databaseUrl) : 'HEALTH_DATABASE_URL'}`,
        by: approval.by ?? io.env['USER'] ?? io.env['USERNAME'] ?? 'cli',
        ...(approval.overrideReason ? { override_reason: approval.overrideReason } : {}),
        ...(approval.databaseUrl ? { database_url: approval.databaseUrl } : {}),
      };
      const answer = await client.approveRun(command.id, request);
      print(answer, () => `${renderRunSummary(answer.value)}\nWatch it: npx sluice pipeline status ${command.id} --watch`);
      return EXIT.ok;
    }
    case 'pipeline rollback': {
      // It waits for the rollback to end (DESIGN.md: the CLI exits 3 when rows changed since were
      // left alone), whether or not --watch is given.
      const answer = await client.rollbackRun(command.id);
      return watch(command.id, command.intervalMs, context, answer);
    }
    case 'pipeline report': {
      const answer = await client.getArtifacts(command.id);
      const dir = resolve(io.cwd, command.outDir);
      const write = io.writeFile ?? writeTextFile;
      const names = Object.keys(answer.value.files).sort();
      for (const name of names) write(join(dir, ...name.split('/')), answer.value.files[name]!);
      print(answer, () => (names.length === 0 ? `Run ${command.id} has no artifacts yet: its apply has not run.` : [`Wrote ${names.length} files to ${dir}:`, ...names.map((name) => `  ${name}`)].join('\n')));
      return EXIT.ok;
    }
  }
}

/** Draws the run until it halts; 3 when it failed or its rollback left conflicts. */
async function watch(id: string, intervalMs: number, context: Context, first?: Answer<Run>): Promise<ExitCode> {
  const { json, out, err } = context;
  const result = await withWatchLoop<Run, Awaited<ReturnType<typeof watchRun>>>(context, intervalMs, runWatchRows, (loop) => watchRun({ id, intervalMs, client: context.client, ...loop, ...(first ? { first } : {}) }));
  if (result.interrupted || !result.run) return EXIT.interrupted;
  const run = result.run;
  if (!json) out(renderRunSummary(run));
  const conflicts = run.rollback?.conflicts.length ?? 0;
  if (conflicts > 0 && !json) err(`${conflicts === 1 ? '1 row was' : `${conflicts} rows were`} changed since the apply and left alone (conflicts): npx sluice pipeline status ${id}`);
  return run.status === 'failed' || conflicts > 0 ? EXIT.jobFailed : EXIT.ok;
}

function writeTextFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
