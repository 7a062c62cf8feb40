import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, type Logger } from '../../../lib/shared/logger.js';

/** A project with its own `api/` (Web handlers reporting what they received) and `vercel.json`. */
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

export interface LogEvent {
  level: string;
  event: string;
  [field: string]: unknown;
}

/** A logger that keeps every JSON line (and the parsed events) for assertions, and a banner sink. */
export function recordingLogger(): Logger & { lines: string[]; events: () => LogEvent[]; printed: string[]; print: (text: string) => void } {
  const lines: string[] = [];
  const printed: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (_level, line) => lines.push(line) });
  return {
    ...logger,
    lines,
    events: () => lines.map((line) => JSON.parse(line) as LogEvent),
    printed,
    print: (text) => printed.push(text),
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
