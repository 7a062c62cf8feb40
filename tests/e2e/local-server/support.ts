import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../../dev/local-server/logger.js';

/** A project with its own `api/` (handlers exercising Vercel's helpers) and `vercel.json`. */
export const FIXTURE_PROJECT = fileURLToPath(new URL('./fixture-project/', import.meta.url));

/** A fresh directory for a test file's database and secrets file; `remove()` in afterAll. */
export function tempWorkDir(): { dir: string; databaseUrl: string; secretsFile: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-local-server-'));
  return {
    dir,
    databaseUrl: `file:${join(dir, 'sluice.db')}`,
    secretsFile: join(dir, 'dev-secrets.env'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A logger that keeps every line (errors included) for assertions. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    log: (line) => lines.push(line),
    error: (line, error) => lines.push(error === undefined ? line : `${line} ${String(error)}`),
  };
}

/** Google settings unset, so the server mounts its simulator (whatever the shell running the tests has). */
export const WITHOUT_GOOGLE = {
  GOOGLE_CLIENT_ID: undefined,
  GOOGLE_CLIENT_SECRET: undefined,
  GOOGLE_REDIRECT_URI: undefined,
  GOOGLE_OAUTH_TOKEN_URL: undefined,
  YOUTUBE_ANALYTICS_ROOT_URL: undefined,
  YOUTUBE_DATA_ROOT_URL: undefined,
};
