/**
 * `pipeline …` argv → what to do (guarded data backfills, DESIGN.md): checks what a person can
 * mistype before any request. The plan file is read, and `--by` defaults to $USER, by the caller.
 */
import { UsageError } from './cli-errors.js';
import type { CommandName } from './command-specs.js';
import type { Values } from './parse-arguments.js';
import { APPROVABLE_PHASES, type ApprovablePhase } from './pipeline-schemas.js';

export interface Approval {
  phase: ApprovablePhase;
  /** Undefined for `pipeline health` without --note: the run-cli names the database. */
  note: string | undefined;
  /** Undefined: $USER. */
  by: string | undefined;
  overrideReason: string | undefined;
  databaseUrl: string | undefined;
}

export type PipelineCommand =
  | { name: 'pipeline create'; planFile: string }
  | { name: 'pipeline list' }
  | { name: 'pipeline status' | 'pipeline rollback'; id: string; watch: boolean; intervalMs: number }
  | { name: 'pipeline approve' | 'pipeline health'; id: string; approval: Approval }
  | { name: 'pipeline report'; id: string; outDir: string };

/** The shared checks of parse-arguments.ts. */
export interface Checks {
  interval: (command: CommandName, values: Values) => number;
  noArgs: (command: CommandName, args: readonly string[]) => void;
  nonEmpty: (command: CommandName, option: string, value: string) => string;
}

export function pipelineCommand(name: CommandName, args: readonly string[], values: Values, checks: Checks): PipelineCommand {
  const required = (option: 'plan' | 'phase' | 'database' | 'out') => {
    const value = values[option];
    if (value === undefined) throw new UsageError(`--${option} is required`, name);
    return checks.nonEmpty(name, option, value);
  };
  const optional = (option: 'note' | 'by' | 'override' | 'database') => (values[option] === undefined ? undefined : checks.nonEmpty(name, option, values[option]));
  switch (name) {
    case 'pipeline create':
      checks.noArgs(name, args);
      return { name, planFile: required('plan') };
    case 'pipeline list':
      checks.noArgs(name, args);
      return { name };
    case 'pipeline status':
    case 'pipeline rollback':
      return { name, id: runId(name, args, checks), watch: values.watch === true, intervalMs: checks.interval(name, values) };
    case 'pipeline approve': {
      const id = runId(name, args, checks);
      const phase = required('phase');
      if (!(APPROVABLE_PHASES as readonly string[]).includes(phase)) throw new UsageError(`--phase: '${phase}' is not one of ${APPROVABLE_PHASES.join(', ')}`, name);
      const note = optional('note');
      if (note === undefined) throw new UsageError('--note is required: say why it may go on', name);
      const databaseUrl = optional('database');
      if (databaseUrl !== undefined && phase !== 'health') throw new UsageError('--database goes with --phase health only', name);
      return { name, id, approval: { phase: phase as ApprovablePhase, note, by: optional('by'), overrideReason: optional('override'), databaseUrl } };
    }
    case 'pipeline health': {
      const id = runId(name, args, checks);
      return { name, id, approval: { phase: 'health', note: optional('note'), by: optional('by'), overrideReason: optional('override'), databaseUrl: required('database') } };
    }
    case 'pipeline report':
      return { name, id: runId(name, args, checks), outDir: required('out') };
    default:
      throw new UsageError(`unknown command '${name}'`);
  }
}

function runId(command: CommandName, args: readonly string[], checks: Checks): string {
  const [id, ...extra] = args;
  if (id === undefined) throw new UsageError('missing RUN (the run id, e.g. 3)', command);
  if (!/^\d+$/.test(id)) throw new UsageError(`'${id}' is not a run id`, command);
  checks.noArgs(command, extra);
  return id;
}
