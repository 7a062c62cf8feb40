import { describe, expect, it } from '@jest/globals';
import { parseDatabaseUrl, redactDatabaseUrl } from '../../../db/database-url.js';
import { ConfigError } from '../../../lib/errors.js';

describe('parseDatabaseUrl', () => {
  it('reads SQLite file paths', () => {
    expect(parseDatabaseUrl('file:./.data/sluice.db')).toEqual({ engine: 'sqlite', path: './.data/sluice.db' });
    expect(parseDatabaseUrl('file:///tmp/x.db')).toEqual({ engine: 'sqlite', path: '/tmp/x.db' });
    expect(parseDatabaseUrl('file::memory:')).toEqual({ engine: 'sqlite', path: ':memory:' });
  });

  it('reads MySQL URLs and requires a database', () => {
    expect(parseDatabaseUrl('mysql://root@127.0.0.1:3306/sluice')).toEqual({ engine: 'mysql', url: 'mysql://root@127.0.0.1:3306/sluice', database: 'sluice' });
    expect(() => parseDatabaseUrl('mysql://root@127.0.0.1:3306/')).toThrow(/must name a database/);
  });

  it('maps planetscale:// to the HTTP driver over https', () => {
    expect(parseDatabaseUrl('planetscale://user:pscale_pw_x@aws.connect.psdb.cloud/app')).toEqual({
      engine: 'planetscale',
      url: 'https://user:pscale_pw_x@aws.connect.psdb.cloud/app',
      database: 'app',
    });
  });

  it.each(['postgres://localhost/db', 'sqlite.db', 'file:', 'redis://x/0'])('rejects %s with a ConfigError naming the problem', (url) => {
    expect(() => parseDatabaseUrl(url)).toThrow(ConfigError);
  });

  it('names the unsupported scheme', () => {
    expect(() => parseDatabaseUrl('postgres://localhost/db')).toThrow('unsupported scheme "postgres:"');
  });

  it('redacts passwords for logs', () => {
    expect(redactDatabaseUrl('mysql://root:secret@host:3306/db')).toBe('mysql://root:***@host:3306/db');
    expect(redactDatabaseUrl('file:./x.db')).toBe('file:./x.db');
  });
});
