import { describe, expect, it } from '@jest/globals';
import { createDatabase } from '../../../db/create-database.js';
import { ConfigError } from '../../../lib/errors.js';

describe('createDatabase fails fast on bad configuration', () => {
  it('names an unknown scheme', async () => {
    await expect(createDatabase('postgres://localhost/sluice')).rejects.toThrow('unsupported scheme "postgres:"');
  });

  it('names an unreachable MySQL server without leaking the password', async () => {
    const started = Date.now();
    const error = await createDatabase('mysql://root:hunter2@127.0.0.1:1/sluice').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^cannot open the database at mysql:\/\/root:\*\*\*@127\.0\.0\.1:1\/sluice: /);
    expect((error as Error).message).not.toContain('hunter2');
    expect(Date.now() - started).toBeLessThan(6_000);
  });

  it('fails on a SQLite path whose folder cannot be created', async () => {
    const error = await createDatabase('file:/etc/hostname/sluice/test.db').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^cannot open the database at file:\/etc\/hostname\/sluice\/test\.db: .*ENOTDIR/);
  });
});
