/**
 * A TypeScript entry point of this repository in its own OS process (`node --import tsx`, one
 * process: killing it kills the program, not just a tsx wrapper), output appended to a log file,
 * ready when a line of its stdout matches. It leads its own process group, so `kill` reaches it
 * and anything it started, by id; children still alive when the harness exits are killed too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildOptions {
  /** Relative to the project root, e.g. 'dev/server.ts'. */
  script: string;
  args?: readonly string[];
  /** The child's whole environment besides PATH, HOME and TMPDIR: nothing else leaks in from the harness's. */
  env: Record<string, string>;
  /** stdout and stderr are appended here. */
  logFile: string;
  /** Ready once a stdout line matches; the match is returned. */
  ready: RegExp;
  readyTimeoutMs?: number;
  /** The process's scheduling priority (nice, −20..19) from its start, e.g. 19 to warm it up without taking CPU from what runs. */
  priority?: number;
}

export interface RunningChild {
  pid: number;
  /** The ready line's match. */
  match: RegExpExecArray;
  /** Resolves when the process has exited (at once if it already has). */
  exited: Promise<void>;
  /** Signals the child's process group; resolves once the child has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of alive) signalGroup(child, 'SIGKILL');
});

export async function startChild(options: ChildOptions): Promise<RunningChild> {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const inherited = Object.fromEntries(['PATH', 'HOME', 'TMPDIR'].flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
  const child = spawn(process.execPath, ['--import', 'tsx', options.script, ...(options.args ?? [])], {
    cwd: PROJECT_ROOT,
    env: { ...inherited, ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  alive.add(child);
  if (options.priority !== undefined && child.pid !== undefined) setPriority(child.pid, options.priority);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      alive.delete(child);
      resolve();
    });
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  void exited.then(() => log.end());

  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => fail(new Error(`${options.script} was not ready within ${options.readyTimeoutMs ?? 30_000} ms (log: ${options.logFile})`)), options.readyTimeoutMs ?? 30_000);
    const onData = (chunk: Buffer) => {
      buffered = (buffered + chunk.toString('utf8')).slice(-8_192);
      const found = options.ready.exec(buffered);
      if (found) {
        cleanup();
        resolve(found);
      }
    };
    const onExit = () => fail(new Error(`${options.script} exited before it was ready (log: ${options.logFile})`));
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
    };
    function fail(error: Error) {
      cleanup();
      signalGroup(child, 'SIGKILL');
      reject(error);
    }
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });

  return {
    pid: child.pid!,
    match,
    exited,
    kill: async (signal) => {
      signalGroup(child, signal);
      await exited;
    },
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}
