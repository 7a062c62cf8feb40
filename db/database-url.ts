import { ConfigError } from './config-error.js';

export type DatabaseTarget =
  | { engine: 'sqlite'; path: string }
  | { engine: 'mysql'; url: string; database: string }
  | { engine: 'planetscale'; url: string; database: string };

/**
 * Parses `DATABASE_URL`:
 * - `file:PATH` (or `file:` + `:memory:`) → embedded SQLite through `node:sqlite`;
 * - `mysql://user:pass@host:port/db` → MySQL, MariaDB or TiDB over TCP (mysql2);
 * - `planetscale://user:pass@host/db` → PlanetScale's HTTP driver (@planetscale/database),
 *   which speaks HTTPS to `host`; use a `mysql://` URL instead to reach PlanetScale over TCP.
 */
export function parseDatabaseUrl(raw: string): DatabaseTarget {
  if (raw.startsWith('file:')) {
    const path = raw.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new ConfigError('DATABASE_URL "file:" needs a path, e.g. file:./.data/sluice.db');
    return { engine: 'sqlite', path };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new ConfigError(`DATABASE_URL is not a URL (expected file:PATH, mysql://… or planetscale://…)`, { cause });
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  switch (url.protocol) {
    case 'mysql:':
      if (!database) throw new ConfigError('DATABASE_URL mysql://… must name a database, e.g. mysql://root@127.0.0.1:3306/sluice');
      return { engine: 'mysql', url: raw, database };
    case 'planetscale:':
      if (!database) throw new ConfigError('DATABASE_URL planetscale://… must name a database');
      return { engine: 'planetscale', url: raw.replace(/^planetscale:/, 'https:'), database };
    default:
      throw new ConfigError(
        `DATABASE_URL has unsupported scheme "${url.protocol}" (expected file:, mysql: or planetscale:)`,
      );
  }
}

/** The URL with its password masked, for logs. */
export function redactDatabaseUrl(raw: string): string {
  return raw.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
