import { describe, expect, it } from '@jest/globals';
import { UsageError } from '../../../cli/cli-errors.js';
import { parseArguments } from '../../../cli/parse-arguments.js';

const command = (...argv: string[]) => parseArguments(argv).command;
const usageError = (...argv: string[]): UsageError => {
  try {
    parseArguments(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
};

describe('parseArguments: commands and their requests', () => {
  it('maps jobs create flags to the create body, with the default type and platform', () => {
    expect(command('jobs', 'create', '--tenant', 'acme')).toEqual({
      name: 'jobs create',
      request: { type: 'data-collection', platform: 'youtube', tenant_id: 'acme' },
      watch: false,
      intervalMs: 1000,
    });
    expect(command('jobs', 'create', '--tenant', 'acme', '--type', 'sync', '--platform', 'etsy', '--connection', '7', '--start', '2026-01-01', '--end', '2026-01-28', '--force', '--watch', '--interval', '250')).toEqual({
      name: 'jobs create',
      request: { type: 'sync', platform: 'etsy', tenant_id: 'acme', connection_id: 7, start_date: '2026-01-01', end_date: '2026-01-28', force: true },
      watch: true,
      intervalMs: 250,
    });
  });

  it('maps jobs preview the same way, with --account and --days', () => {
    expect(command('jobs', 'preview', '--tenant=acme', '--account', 'UC1', '--days', '14')).toEqual({
      name: 'jobs preview',
      request: { type: 'data-collection', platform: 'youtube', tenant_id: 'acme', account_id: 'UC1', days: 14 },
    });
  });

  it('maps jobs list filters to the list query, statuses deduplicated', () => {
    expect(command('jobs', 'list')).toEqual({ name: 'jobs list', query: {}, all: false });
    expect(command('jobs', 'list', '--status', 'running, pending,running', '--type', 'sync', '--platform', 'youtube', '--tenant', 'acme', '--limit', '5', '--cursor', 'abc', '--all')).toEqual({
      name: 'jobs list',
      query: { status: 'running,pending', type: 'sync', platform: 'youtube', tenant_id: 'acme', limit: 5, cursor: 'abc' },
      all: true,
    });
  });

  it('takes one ID for show, cancel, pause and resume, and any number for watch', () => {
    expect(command('jobs', 'show', '12')).toEqual({ name: 'jobs show', id: '12' });
    expect(command('jobs', 'cancel', '12')).toEqual({ name: 'jobs cancel', id: '12' });
    expect(command('jobs', 'pause', '12')).toEqual({ name: 'jobs pause', id: '12' });
    expect(command('jobs', 'resume', '12')).toEqual({ name: 'jobs resume', id: '12' });
    expect(command('jobs', 'watch')).toEqual({ name: 'jobs watch', ids: [], intervalMs: 1000 });
    expect(command('jobs', 'watch', '3', '4', '3', '--interval', '500')).toEqual({ name: 'jobs watch', ids: ['3', '4'], intervalMs: 500 });
  });

  it('maps config rate-limit set flags to a partial platform config', () => {
    expect(command('config', 'rate-limit', 'get')).toEqual({ name: 'config rate-limit get' });
    expect(command('config', 'rate-limit', 'set', 'youtube-data', '--rps', '2.5', '--daily-quota', '10000', '--backfill-share', '0.25', '--concurrency', '3')).toEqual({
      name: 'config rate-limit set',
      platform: 'youtube-data',
      changes: { requests_per_second: 2.5, daily_quota: 10000, backfill_share: 0.25, concurrency: 3 },
    });
    expect(command('config', 'rate-limit', 'set', 'youtube', '--backfill-share', '0')).toEqual({ name: 'config rate-limit set', platform: 'youtube', changes: { backfill_share: 0 } });
  });

  it("takes the word 'default' for any rate-limit field: null in the PUT, the server's default back", () => {
    expect(command('config', 'rate-limit', 'set', 'youtube', '--rps', 'default', '--daily-quota', 'default', '--backfill-share', 'default', '--concurrency', 'default')).toEqual({
      name: 'config rate-limit set',
      platform: 'youtube',
      changes: { requests_per_second: null, daily_quota: null, backfill_share: null, concurrency: null },
    });
    expect(command('config', 'rate-limit', 'set', 'youtube', '--rps', 'default', '--concurrency', '2')).toEqual({
      name: 'config rate-limit set',
      platform: 'youtube',
      changes: { requests_per_second: null, concurrency: 2 },
    });
  });

  it('reads global options anywhere on the line', () => {
    expect(parseArguments(['--json', 'jobs', 'show', '1', '--url', 'http://x:1', '--token', 't'])).toEqual({
      command: { name: 'jobs show', id: '1' },
      url: 'http://x:1',
      token: 't',
      json: true,
    });
  });

  it('answers help: requested with --help (per command), unrequested with no command', () => {
    expect(command('--help')).toEqual({ name: 'help', command: '', requested: true });
    expect(command()).toEqual({ name: 'help', command: '', requested: false });
    expect(command('jobs', 'create', '-h')).toEqual({ name: 'help', command: 'jobs create', requested: true });
    expect(command('config', 'rate-limit', 'set', '--help')).toEqual({ name: 'help', command: 'config rate-limit set', requested: true });
    expect(command('jobs', '--help')).toEqual({ name: 'help', command: '', requested: true });
  });
});

describe('parseArguments: usage errors name the mistake and the command', () => {
  it.each([
    [['jobs', 'create'], '--tenant is required', 'jobs create'],
    [['jobs', 'create', '--tenant', ' '], '--tenant is empty', 'jobs create'],
    [['jobs', 'create', '--tenant', 'a', '--account', 'x', '--connection', '1'], 'give --account or --connection, not both', 'jobs create'],
    [['jobs', 'create', '--tenant', 'a', '--connection', 'abc'], "--connection must be a whole number, not 'abc'", 'jobs create'],
    [['jobs', 'preview', '--tenant', 'a', '--start', '2026-01-01'], '--start and --end go together', 'jobs preview'],
    [['jobs', 'preview', '--tenant', 'a', '--start', '2026-01-01', '--end', '2026-01-02', '--days', '3'], 'give --start/--end or --days, not both', 'jobs preview'],
    [['jobs', 'preview', '--tenant', 'a', '--start', '2026-02-30', '--end', '2026-03-02'], "--start must be a day as YYYY-MM-DD, not '2026-02-30'", 'jobs preview'],
    [['jobs', 'preview', '--tenant', 'a', '--start', '2026-03-02', '--end', '2026-03-01'], '--start 2026-03-02 is after --end 2026-03-01', 'jobs preview'],
    [['jobs', 'preview', '--tenant', 'a', '--days', '0'], '--days must be at least 1', 'jobs preview'],
    [['jobs', 'preview', '--tenant', 'a', '--days', '1.5'], "--days must be a whole number, not '1.5'", 'jobs preview'],
    [['jobs', 'list', '--status', 'running,done'], "--status: 'done' is not one of pending, running, paused, succeeded, failed, cancelled", 'jobs list'],
    [['jobs', 'list', '--limit=-3'], "--limit must be a whole number, not '-3'", 'jobs list'],
    [['jobs', 'show'], 'missing job ID', 'jobs show'],
    [['jobs', 'show', '1', '2'], "unexpected argument '2'", 'jobs show'],
    [['jobs', 'show', '../x'], "'../x' is not a job ID", 'jobs show'],
    [['jobs', 'show', '1', '--status', 'running'], "'jobs show' does not take --status", 'jobs show'],
    [['jobs', 'watch', '--interval', '50'], '--interval must be at least 100 ms', 'jobs watch'],
    [['jobs', 'list', 'extra'], "unexpected argument 'extra'", 'jobs list'],
    [['config', 'rate-limit', 'set'], 'missing PLATFORM (e.g. youtube)', 'config rate-limit set'],
    [['config', 'rate-limit', 'set', 'youtube'], 'nothing to change: give --rps, --daily-quota, --backfill-share or --concurrency', 'config rate-limit set'],
    [['config', 'rate-limit', 'set', 'youtube', '--rps', '0'], "--rps must be at least 0.2 (or 'default')", 'config rate-limit set'],
    [['config', 'rate-limit', 'set', 'youtube', '--rps', '0.05'], "--rps must be at least 0.2 (or 'default')", 'config rate-limit set'],
    [['config', 'rate-limit', 'set', 'youtube', '--concurrency', 'Default'], "--concurrency must be a whole number, not 'Default'", 'config rate-limit set'],
    [['config', 'rate-limit', 'set', 'youtube', '--rps', 'fast'], "--rps must be a number, not 'fast'", 'config rate-limit set'],
    [['config', 'rate-limit', 'set', 'youtube', '--backfill-share', '50'], '--backfill-share is a fraction from 0 to 1 (0.5 is half the daily quota)', 'config rate-limit set'],
    [['jobs', 'create', '--tenant'], "Option '--tenant <value>' argument missing", 'jobs create'],
    [['jobs', 'list', '--bogus'], "Unknown option '--bogus'", 'jobs list'],
    [['jobs', 'lst'], "unknown command 'jobs lst'", ''],
  ])('%j → %s', (argv, message, commandName) => {
    const error = usageError(...argv);
    expect(error.message).toBe(message);
    expect(error.command).toBe(commandName);
  });
});
