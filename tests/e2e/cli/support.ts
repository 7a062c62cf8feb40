import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// `npx sluice …` as an operator runs it: the bin in a child process (the project's Node from
// node_modules/.bin, as npx runs it) against a real local server in the test's process.
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const NODE = join(ROOT, 'node_modules/.bin/node');
const BIN = join(ROOT, 'cli/sluice.mjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI's environment: the caller's minus anything that would choose the server or token for it. */
export function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { ADMIN_TOKEN: _token, SLUICE_URL: _url, ...rest } = process.env;
  return { ...rest, FORCE_COLOR: '0', ...extra };
}

/** Async on purpose: the server answering the CLI runs in this very process. */
export function sluice(args: string[], options: { cwd: string; env?: Record<string, string>; onOutput?: () => void }): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(NODE, [BIN, ...args], { cwd: options.cwd, env: cliEnv(options.env ?? {}), timeout: 50_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
    if (options.onOutput) child.stdout?.once('data', options.onOutput);
  });
}

/** Runs a CLI command while the test dispatches, as the cron would, until the CLI exits. */
export async function whileDispatching(run: Promise<CliRun>, dispatch: () => Promise<unknown>): Promise<CliRun> {
  let exited = false;
  const result = run.finally(() => {
    exited = true;
  });
  while (!exited) {
    await dispatch();
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return result;
}
