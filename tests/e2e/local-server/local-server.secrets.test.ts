import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { readFileSync, statSync } from 'node:fs';
import { callApi } from '../../../dev/local-server/api-client.js';
import { parseDevSecrets } from '../../../dev/local-server/dev-secrets.js';
import { startLocalServer } from '../../../dev/local-server/local-server.js';
import { loadConfig, settingsFor } from '../../../lib/config/env.js';
import { youtubeConfig } from '../../../lib/connectors/youtube/youtube.config.js';
import { tempWorkDir, WITHOUT_GOOGLE } from './support.js';

// Unset secrets are generated once, kept private in the secrets file across restarts, and
// never printed: everything the process writes to the console while the server starts,
// serves and stops is captured and searched for the values.
const UNSET_SECRETS = { CRON_SECRET: undefined, ADMIN_TOKEN: undefined, TOKEN_ENCRYPTION_KEY: undefined };

describe('local server secrets', () => {
  const work = tempWorkDir();
  let output: string[];

  beforeEach(() => {
    output = [];
    const keep = (...args: unknown[]) => void output.push(args.map(String).join(' '));
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) jest.spyOn(console, method).mockImplementation(keep);
    const keepWrite = (chunk: unknown) => (output.push(String(chunk)), true);
    jest.spyOn(process.stdout, 'write').mockImplementation(keepWrite as typeof process.stdout.write);
    jest.spyOn(process.stderr, 'write').mockImplementation(keepWrite as typeof process.stderr.write);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });
  afterAll(() => work.remove());

  const start = () =>
    startLocalServer({ port: 0, crons: false, secretsFile: work.secretsFile, env: { DATABASE_URL: work.databaseUrl, ...UNSET_SECRETS, ...WITHOUT_GOOGLE } });

  /** Exercises both bearers against the real handlers: malformed JSON gets past auth to a 400. */
  const useSecrets = async (url: string, secrets: ReturnType<typeof parseDevSecrets>) => {
    const exchange = await fetch(`${url}/api/oauth/youtube/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secrets.ADMIN_TOKEN}` },
      body: '{"tenant_id":',
    });
    const dispatch = await callApi(url, '/api/jobs/dispatch', { bearer: secrets.CRON_SECRET! });
    const wrong = await callApi(url, '/api/jobs/dispatch', { bearer: secrets.ADMIN_TOKEN! });
    return { exchange: exchange.status, dispatch: dispatch.status, wrongBearer: wrong.status };
  };

  it('generates the missing secrets into a 0600 file of export lines, uses them, and prints none of them', async () => {
    const server = await start();
    const text = readFileSync(work.secretsFile, 'utf8');
    const secrets = parseDevSecrets(text);
    try {
      expect(statSync(work.secretsFile).mode & 0o777).toBe(0o600);
      expect(text).toMatch(/^export CRON_SECRET=\S{32,}$/m);
      expect(text).toMatch(/^export ADMIN_TOKEN=\S{32,}$/m);
      expect(text).toMatch(/^export TOKEN_ENCRYPTION_KEY=\S+$/m);
      expect(Buffer.from(secrets.TOKEN_ENCRYPTION_KEY!, 'base64')).toHaveLength(32);
      expect(new Set(Object.values(secrets)).size).toBe(3);
      // The runtime was built with exactly these values.
      expect(loadConfig()).toMatchObject({ cronSecret: secrets.CRON_SECRET, adminToken: secrets.ADMIN_TOKEN });
      expect(await useSecrets(server.url, secrets)).toEqual({ exchange: 400, dispatch: 200, wrongBearer: 401 });
    } finally {
      await server.close();
    }
    const printed = output.join('\n');
    expect(printed).toContain(`source ${work.secretsFile}`); // the banner says where they are…
    for (const value of Object.values(secrets)) expect(printed).not.toContain(value); // …never what they are
  });

  it('reuses the persisted secrets after a restart and restores the environment on close', async () => {
    const before = readFileSync(work.secretsFile, 'utf8');
    const outside = loadConfig();
    const server = await start();
    try {
      expect(readFileSync(work.secretsFile, 'utf8')).toBe(before);
      expect(await useSecrets(server.url, parseDevSecrets(before))).toEqual({ exchange: 400, dispatch: 200, wrongBearer: 401 });
    } finally {
      await server.close();
    }
    const after = loadConfig();
    expect([after.cronSecret, after.adminToken, after.tokenEncryptionKey, settingsFor(after, youtubeConfig), after.databaseUrl]).toEqual([
      outside.cronSecret,
      outside.adminToken,
      outside.tokenEncryptionKey,
      settingsFor(outside, youtubeConfig),
      outside.databaseUrl,
    ]);
    for (const value of Object.values(parseDevSecrets(before))) expect(output.join('\n')).not.toContain(value);
  });

  it('keeps secrets given in the environment and writes no file for them', async () => {
    const other = tempWorkDir();
    const server = await startLocalServer({
      port: 0,
      crons: false,
      secretsFile: other.secretsFile,
      env: { DATABASE_URL: other.databaseUrl, ...WITHOUT_GOOGLE, CRON_SECRET: 'cron-from-env', ADMIN_TOKEN: 'admin-from-env', TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString('base64') },
    });
    try {
      expect(() => statSync(other.secretsFile)).toThrow();
      expect((await callApi(server.url, '/api/jobs/dispatch', { bearer: 'cron-from-env' })).status).toBe(200);
      expect(output.join('\n')).not.toContain('admin-from-env');
    } finally {
      await server.close();
      other.remove();
    }
  });
});
