/**
 * Structured logs: one JSON object per line over `console`, which Vercel's log view shows
 * line by line (and colours by stream: `warn`/`error` go to stderr) and `npm start` prints
 * as they come. Fields are snake_case ids (`job_id`, `task_id`, `connection_id`, …) so a
 * log search can follow one job or connection.
 *
 * Secrets never reach a line: values under secret-looking keys are replaced, and bearer
 * tokens inside any string are masked. Hand-written (about 60 lines) rather than pino: a
 * function instance needs no transport, worker thread or extra cold-start weight.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A logger whose lines all carry `fields` (e.g. `{ job_id }`). */
  child(fields: LogFields): Logger;
}

export type LineSink = (level: LogLevel, line: string) => void;

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Keys whose values are secrets wherever they appear (headers, token sets, settings). */
const SECRET_KEY = /authorization|token|secret|password|passwd|api[_-]?key|cookie|^code$|code_verifier|client_secret|encryption/i;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
export const REDACTED = '[redacted]';

/** Pure: the JSON line for one event, secrets redacted. */
export function formatLogLine(level: LogLevel, event: string, fields: LogFields, now: Date): string {
  return JSON.stringify({ time: now.toISOString(), level, event, ...(redact(fields) as LogFields) });
}

/** Replaces secret-keyed values and masks bearer credentials in strings, at any depth. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(BEARER, `$1 ${REDACTED}`);
  if (value instanceof Error) return { name: value.name, message: redact(value.message) };
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, SECRET_KEY.test(key) && item !== null && item !== undefined ? REDACTED : redact(item, depth + 1)]),
  );
}

const consoleSink: LineSink = (level, line) => (level === 'warn' || level === 'error' ? console.error(line) : console.log(line));

export interface LoggerOptions {
  /** Lines below this level are dropped. Default `info`. */
  level?: LogLevel;
  sink?: LineSink;
  now?: () => Date;
}

export function createLogger(options: LoggerOptions = {}, bound: LogFields = {}): Logger {
  const threshold = LEVEL_ORDER[options.level ?? 'info'];
  const sink = options.sink ?? consoleSink;
  const now = options.now ?? (() => new Date());
  const write = (level: LogLevel) => (event: string, fields: LogFields = {}) => {
    if (LEVEL_ORDER[level] < threshold) return;
    sink(level, formatLogLine(level, event, { ...bound, ...fields }, now()));
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

/** Drops every line (tests, benchmarks). */
export const silentLogger: Logger = createLogger({ sink: () => {} });
