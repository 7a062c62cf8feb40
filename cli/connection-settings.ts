/**
 * Where the CLI sends its requests and with which bearer. A local server (`npm start`)
 * generates its ADMIN_TOKEN into `.data/dev-secrets.env`; the CLI reads it from there only
 * when the URL is on this machine, so a token never travels to a host it was not made for.
 */
import { resolve } from 'node:path';
import { DEFAULT_DEV_SECRETS_FILE, parseDevSecrets } from '../dev/local-server/dev-secrets.js';
import { UsageError } from './cli-errors.js';

export const DEFAULT_URL = 'http://localhost:3000';

export interface ConnectionSettings {
  baseUrl: string;
  token: string | undefined;
  /** Where the token came from, for error hints; never the token itself. */
  tokenSource: '--token' | 'ADMIN_TOKEN' | 'secrets-file' | 'none';
  /** The secrets file the token was read from. */
  secretsFile?: string;
}

export interface SettingsInput {
  urlFlag: string | undefined;
  tokenFlag: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  /** Directories whose `.data/dev-secrets.env` may hold a local server's token, in order. */
  secretsDirs: readonly string[];
  /** The file's text, or undefined when it cannot be read. */
  readFile: (path: string) => string | undefined;
}

export function resolveConnectionSettings(input: SettingsInput): ConnectionSettings {
  const baseUrl = checkedUrl(input.urlFlag ?? nonEmpty(input.env['SLUICE_URL']) ?? DEFAULT_URL, input.urlFlag !== undefined ? '--url' : 'SLUICE_URL');
  if (input.tokenFlag !== undefined) {
    if (input.tokenFlag === '') throw new UsageError('--token is empty');
    return { baseUrl, token: input.tokenFlag, tokenSource: '--token' };
  }
  const fromEnv = nonEmpty(input.env['ADMIN_TOKEN']);
  if (fromEnv !== undefined) return { baseUrl, token: fromEnv, tokenSource: 'ADMIN_TOKEN' };
  if (isLoopback(baseUrl)) {
    for (const dir of new Set(input.secretsDirs.map((d) => resolve(d)))) {
      const file = resolve(dir, DEFAULT_DEV_SECRETS_FILE);
      const text = input.readFile(file);
      const token = text === undefined ? undefined : parseDevSecrets(text).ADMIN_TOKEN;
      if (token !== undefined) return { baseUrl, token, tokenSource: 'secrets-file', secretsFile: file };
    }
  }
  return { baseUrl, token: undefined, tokenSource: 'none' };
}

/** localhost, 127.0.0.0/8 and ::1: the machine the CLI runs on. */
export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function checkedUrl(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${source}: '${value}' is not a URL (e.g. http://localhost:3000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${source}: '${value}' is not an http(s) URL`);
  if (url.search || url.hash) throw new UsageError(`${source}: '${value}' must be a base URL without a query`);
  return url.href.replace(/\/+$/, '');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
