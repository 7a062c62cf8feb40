import { describe, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import type { Database } from '../../../../db/database.js';
import type { ConnectorTaskContext, TaskDeps } from '../../../../lib/connectors/connector.js';
import { createChannelDailyRollupHandler, rollupSteps } from '../../../../lib/connectors/youtube/channel-daily-rollup.task.js';
import type { YouTubeClient } from '../../../../lib/connectors/youtube/youtube.client.js';
import type { YouTubeSettings } from '../../../../lib/connectors/youtube/youtube.config.js';
import { DeadlineReachedError, PermanentError } from '../../../../lib/errors.js';
import type { Task } from '../../../../lib/queue/repository/index.js';
import { silentLogger } from '../../../../lib/shared/logger.js';

describe('rollupSteps', () => {
  it('cuts the range into steps of at most 31 days, the last one short', () => {
    expect(rollupSteps('2026-01-01', '2026-03-15')).toEqual([
      ['2026-01-01', '2026-01-31'],
      ['2026-02-01', '2026-03-03'],
      ['2026-03-04', '2026-03-15'],
    ]);
    expect(rollupSteps('2026-01-01', '2026-01-01')).toEqual([['2026-01-01', '2026-01-01']]);
  });

  it('starts the day after a checkpoint, and has nothing left after the last day', () => {
    expect(rollupSteps('2026-01-01', '2026-03-15', '2026-01-31')).toEqual([
      ['2026-02-01', '2026-03-03'],
      ['2026-03-04', '2026-03-15'],
    ]);
    expect(rollupSteps('2026-01-01', '2026-03-15', '2026-03-15')).toEqual([]);
  });
});

// The handler's steps given its checkpoint, with a clock that moves a minute per step.
async function run(checkpoint: unknown, options: { deadlineAfterSteps?: number; payload?: unknown } = {}) {
  const committed: unknown[] = [];
  let now = new Date('2026-11-29T12:00:00Z').getTime();
  const deps = { db: {} as Kysely<Database>, clock: { now: () => new Date(now) }, logger: silentLogger, client: {} as YouTubeClient } as unknown as TaskDeps<YouTubeSettings, YouTubeClient>;
  const context = {
    deadline: new Date(now + (options.deadlineAfterSteps ?? 100) * 60_000),
    checkpoint,
    call: () => {
      throw new Error('the rollup must not call the platform');
    },
    commitStep: async (_write: unknown, marker: unknown) => {
      committed.push(marker);
      now += 60_000;
    },
  } as unknown as ConnectorTaskContext;
  const task = { id: 1, tenantId: 'acme', payload: options.payload ?? { channel_id: 'UC1', start_date: '2026-01-01', end_date: '2026-03-15' } } as Task;
  let error: unknown;
  await createChannelDailyRollupHandler(deps)(task, context).catch((e: unknown) => (error = e));
  return { committed, error };
}

describe('channel_daily_rollup steps', () => {
  it('commits one step per 31 days with its checkpoint, never calling the platform', async () => {
    expect(await run(null)).toEqual({ committed: [{ v: 1, through: '2026-01-31' }, { v: 1, through: '2026-03-03' }, { v: 1, through: '2026-03-15' }], error: undefined });
  });

  it('resumes after its checkpoint', async () => {
    expect((await run({ v: 1, through: '2026-03-03' })).committed).toEqual([{ v: 1, through: '2026-03-15' }]);
  });

  it.each([
    ['a day outside the range', { v: 1, through: '2027-01-01' }],
    ['another version', { v: 2, through: '2026-03-03' }],
    ['an unversioned marker', { through: '2026-03-03' }],
  ])('starts over from a checkpoint it cannot vouch for: %s', async (_, checkpoint) => {
    expect((await run(checkpoint)).committed).toHaveLength(3);
  });

  it('stops between steps at the deadline', async () => {
    const { committed, error } = await run(null, { deadlineAfterSteps: 1 });
    expect(committed).toEqual([{ v: 1, through: '2026-01-31' }]);
    expect(error).toBeInstanceOf(DeadlineReachedError);
  });

  it.each([
    ['start after end', { channel_id: 'UC1', start_date: '2026-02-01', end_date: '2026-01-01' }],
    ['no channel', { start_date: '2026-01-01', end_date: '2026-01-02' }],
    ['not a day', { channel_id: 'UC1', start_date: '2026-02-30', end_date: '2026-03-01' }],
  ])('a payload it cannot run is permanent: %s', async (_, payload) => {
    const { committed, error } = await run(null, { payload });
    expect(committed).toEqual([]);
    expect(error).toBeInstanceOf(PermanentError);
  });
});
