import { describe, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import type { Database } from '../../../../db/database.js';
import type { ConnectorTaskContext, TaskDeps } from '../../../../lib/connectors/connector.js';
import { createDailyChannelHandler } from '../../../../lib/connectors/youtube/daily-channel.task.js';
import type { YouTubeClient } from '../../../../lib/connectors/youtube/youtube.client.js';
import type { YouTubeSettings } from '../../../../lib/connectors/youtube/youtube.config.js';
import type { Task } from '../../../../lib/queue/repository/index.js';
import { silentLogger } from '../../../../lib/shared/logger.js';

const emptyReport = { columnHeaders: [{ name: 'video' }, ...['views', 'estimatedMinutesWatched', 'averageViewDuration', 'likes', 'comments', 'shares', 'subscribersGained', 'subscribersLost'].map((name) => ({ name }))] };

// The chunk as steps: which days it fetches given the checkpoint it resumes from.
async function run(checkpoint: unknown) {
  const fetched: string[] = [];
  const committed: unknown[] = [];
  const client = { queryTopVideosForDay: async (_token: string, _channel: string, day: string) => (fetched.push(day), emptyReport) } as unknown as YouTubeClient;
  const deps = { db: {} as Kysely<Database>, clock: { now: () => new Date('2026-11-29T12:00:00Z') }, logger: silentLogger, client } as unknown as TaskDeps<YouTubeSettings, YouTubeClient>;
  const context = {
    deadline: new Date('2026-11-29T13:00:00Z'),
    checkpoint,
    call: (fn: (token: string) => Promise<unknown>) => fn('token'),
    commitStep: async (_write: unknown, marker: unknown) => void committed.push(marker),
  } as unknown as ConnectorTaskContext;
  const task = { id: 1, tenantId: 't', payload: { channel_id: 'UC1', run_for_dt: '2026-11-20' } } as Task;
  await createDailyChannelHandler(deps)(task, context);
  return { fetched, committed };
}

describe('daily_channel steps', () => {
  it('fetches the 7 days in order, committing each with its checkpoint', async () => {
    const { fetched, committed } = await run(null);
    expect(fetched).toEqual(['2026-11-14', '2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20']);
    // No top list hit the cap: the chunk is complete with its 7 calls, and reads no catalogue.
    expect(committed).toHaveLength(7);
    expect(committed.at(-1)).toEqual({ v: 2, through: '2026-11-20', capped_days: [], in_every_top_list: null });
  });

  it('resumes after the last committed day', async () => {
    expect((await run({ v: 2, through: '2026-11-16', capped_days: [], in_every_top_list: null })).fetched).toEqual(['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20']);
  });

  it.each([
    ['a day outside the chunk', { v: 2, through: '2099-01-01', capped_days: [], in_every_top_list: null }],
    ['version 1 (it kept no capped days)', { v: 1, through: '2026-11-16' }],
    ['an unversioned marker', { through: '2026-11-16' }],
  ])('starts over from a checkpoint it cannot vouch for: %s', async (_, checkpoint) => {
    expect((await run(checkpoint)).fetched).toHaveLength(7);
  });
});
