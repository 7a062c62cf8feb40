import { describe, expect, it } from '@jest/globals';
import { loadConfig, settingsFor } from '../../../lib/config/env.js';
import { youtubeConfig } from '../../../lib/connectors/youtube/youtube.config.js';
import { ConfigError } from '../../../lib/errors.js';

const KEY = Buffer.alloc(32, 3).toString('base64');

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBe('file:./.data/sluice.db');
    expect(config.port).toBe(3000);
    expect(settingsFor(config, youtubeConfig).backfillDays).toBe(84);
    expect(settingsFor(config, youtubeConfig).tokenUrl).toBe('https://oauth2.googleapis.com/token');
    expect(settingsFor(config, youtubeConfig).analyticsRootUrl).toBe('https://youtubeanalytics.googleapis.com/');
    expect(settingsFor(config, youtubeConfig).dataRootUrl).toBe('https://youtube.googleapis.com/');
    expect(config.production).toBe(false);
  });

  it.each([['3', 7], ['7', 7], ['90', 90], ['365', 365], ['1000', 365]])('clamps YOUTUBE_BACKFILL_DAYS=%s to %i', (raw, days) => {
    expect(settingsFor(loadConfig({ YOUTUBE_BACKFILL_DAYS: raw }), youtubeConfig).backfillDays).toBe(days);
  });

  it('names a non-numeric YOUTUBE_BACKFILL_DAYS', () => {
    expect(() => loadConfig({ YOUTUBE_BACKFILL_DAYS: 'twelve weeks' })).toThrow(/YOUTUBE_BACKFILL_DAYS: YOUTUBE_BACKFILL_DAYS must be a whole number/);
  });

  it('names every problem at once', () => {
    try {
      loadConfig({ PORT: 'x', TOKEN_ENCRYPTION_KEY: 'short', YOUTUBE_DATA_ROOT_URL: 'nope' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/TOKEN_ENCRYPTION_KEY: must be 32 bytes/);
      expect((error as Error).message).toMatch(/YOUTUBE_DATA_ROOT_URL/);
    }
  });

  it('requires the secrets in production, a connector\'s only when it is enabled', () => {
    const core = { VERCEL_ENV: 'production', CRON_SECRET: 'c', ADMIN_TOKEN: 'a', TOKEN_ENCRYPTION_KEY: KEY };
    expect(() => loadConfig({ VERCEL_ENV: 'production', CONNECTORS: 'youtube', GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 's' })).toThrow('missing required production settings: CRON_SECRET, ADMIN_TOKEN, TOKEN_ENCRYPTION_KEY');
    // A deployment whose credentials all went missing does not boot with every platform off.
    expect(() => loadConfig(core)).toThrow(/no connector is enabled in production: set CONNECTORS .*youtube: GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET/);
    // Enabled by a credential or by name: then every one of its secrets is required.
    expect(() => loadConfig({ ...core, GOOGLE_CLIENT_ID: 'id' })).toThrow('missing required production settings: GOOGLE_CLIENT_SECRET');
    expect(() => loadConfig({ ...core, CONNECTORS: 'youtube' })).toThrow('missing required production settings: GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET');
    const config = loadConfig({ ...core, GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 's' });
    expect(config.connectors.youtube?.enabled).toBe(true);
    expect(config.tokenEncryptionKey).toEqual(Buffer.alloc(32, 3));
  });

  it('enables every connector locally, or exactly those CONNECTORS names, and names an unknown one', () => {
    expect(loadConfig({}).connectors.youtube?.enabled).toBe(true);
    expect(loadConfig({}).connectors.etsy?.enabled).toBe(true);
    expect(loadConfig({ CONNECTORS: ' ' }).connectors.youtube?.enabled).toBe(true); // blank = unset
    expect(loadConfig({ CONNECTORS: 'youtube' }).connectors.youtube?.enabled).toBe(true);
    expect(loadConfig({ CONNECTORS: 'youtube' }).connectors.etsy?.enabled).toBe(false);
    expect(() => loadConfig({ CONNECTORS: 'youtube,myspace' })).toThrow(/CONNECTORS: unknown platform\(s\) myspace \(known: youtube, etsy, printify\b/);
  });

  it('treats empty values as unset and adds the trailing slash API roots need', () => {
    const config = loadConfig({ ADMIN_TOKEN: '  ', YOUTUBE_ANALYTICS_ROOT_URL: 'http://127.0.0.1:9/sim' });
    expect(config.adminToken).toBeUndefined();
    expect(settingsFor(config, youtubeConfig).analyticsRootUrl).toBe('http://127.0.0.1:9/sim/');
  });

  it('accepts only known claim strategies', () => {
    expect(loadConfig({ QUEUE_CLAIM_STRATEGY: 'conditional-update' }).claimStrategy).toBe('conditional-update');
    expect(() => loadConfig({ QUEUE_CLAIM_STRATEGY: 'yolo' })).toThrow(/QUEUE_CLAIM_STRATEGY/);
  });
});
