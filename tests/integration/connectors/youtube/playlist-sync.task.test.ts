import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import type { Database } from '../../../../db/database.js';
import { inTransaction } from '../../../../db/transaction.js';
import type { ConnectorTaskContext, TaskDeps } from '../../../../lib/connectors/connector.js';
import { GoogleRefusal } from '../../../../lib/connectors/youtube/google-failure.js';
import { saveCategories } from '../../../../lib/connectors/youtube/playlist-sync/categories.repository.js';
import type { PlaylistSyncPayload } from '../../../../lib/connectors/youtube/playlist-sync/playlist-sync-payload.js';
import { readSyncState } from '../../../../lib/connectors/youtube/playlist-sync/playlist-sync-state.js';
import { createPlaylistSyncHandler } from '../../../../lib/connectors/youtube/playlist-sync/playlist-sync.task.js';
import type { Playlist } from '../../../../lib/connectors/youtube/playlists.js';
import type { YouTubeClient } from '../../../../lib/connectors/youtube/youtube.client.js';
import type { YouTubeSettings } from '../../../../lib/connectors/youtube/youtube.config.js';
import { AwaitingReviewError, BudgetBlockedError, DeadlineReachedError, RateLimitedError, RetryableError } from '../../../../lib/errors.js';
import type { Task } from '../../../../lib/queue/repository/index.js';
import { silentLogger } from '../../../../lib/shared/logger.js';
import { describeEachEngine } from '../../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../../support/test-databases.js';

// The playlist-sync task against a channel kept in memory, crashed at every point of its run in
// turn: after each write YouTube applied but before its answer came back, and before each step's
// commit. Each crash restarts the task from its last committed checkpoint, as the queue does.
// Whatever the point, the channel ends exactly as asked: one playlist per category holding its
// videos once, the replaced playlist deleted, no write repeated blind.

const NOW = new Date('2026-11-29T12:00:00.000Z');
const CHANNEL = 'UCchannel0000000000000000';
const VIDEOS = Array.from({ length: 8 }, (_, i) => `video${String(i).padStart(6, '0')}`);

class Crash extends Error {}

/** The channel as YouTube keeps it; every call can be made to crash after it was applied. */
class FakeChannel {
  playlists = new Map<string, { title: string; description: string; privacyStatus: string; items: string[] }>();
  hidden = new Set<string>();
  writes = 0;
  units = 0;
  private next = 0;
  /** The event (call or commit) at which the process dies; 0: never. */
  crashAt = 0;
  events = 0;
  /** Answers Google's quota error for writes from this many writes on (0: never). */
  quotaAfterWrites = 0;
  /** Refuses writes as a budget only a person can raise would, from this many writes on (0: never). */
  blockedAfterWrites = 0;
  /** Playlists whose items cannot be read (403 playlistItemsNotAccessible). */
  unreadable = new Set<string>();
  /** Runs once, after this many writes: e.g. a playlist deleted on YouTube mid-sync. */
  onWrites: { after: number; run: () => void } | null = null;

  tick(): boolean {
    this.events += 1;
    return this.crashAt !== 0 && this.events === this.crashAt;
  }

  private applied<T>(value: T): T {
    if (this.tick()) throw new Crash(`crashed after a call at event ${this.events}`);
    return value;
  }

  private write(): void {
    if (this.quotaAfterWrites !== 0 && this.writes >= this.quotaAfterWrites) throw new RateLimitedError('quotaExceeded', new Date(NOW.getTime() + 12 * 3_600_000));
    if (this.blockedAfterWrites !== 0 && this.writes >= this.blockedAfterWrites) throw new BudgetBlockedError('the youtube-data daily quota is below one write');
    if (this.onWrites && this.writes === this.onWrites.after) {
      this.onWrites.run();
      this.onWrites = null;
    }
    this.units += 50;
    this.writes += 1;
  }

  client(): YouTubeClient {
    const playlist = (id: string): Playlist => {
      const p = this.playlists.get(id)!;
      return { id, title: p.title, description: p.description, privacyStatus: p.privacyStatus, itemCount: p.items.length };
    };
    return {
      listPlaylists: async (_token, query) => {
        this.units += 1;
        const ids = query.ids ? query.ids.filter((id) => this.playlists.has(id)) : [...this.playlists.keys()];
        return this.applied({ playlists: ids.map(playlist), nextPageToken: null });
      },
      listPlaylistItems: async (_token, query) => {
        this.units += 1;
        const p = this.playlists.get(query.playlistId);
        if (!p) throw new GoogleRefusal('404 playlistNotFound', 404, 'playlistNotFound');
        if (this.unreadable.has(query.playlistId)) throw new GoogleRefusal('403 playlistItemsNotAccessible', 403, 'playlistItemsNotAccessible');
        const items = p.items.map((videoId, i) => ({ id: `${query.playlistId}:${i}`, videoId })).filter((i) => !query.videoId || i.videoId === query.videoId);
        return this.applied({ items, nextPageToken: null });
      },
      insertPlaylist: async (_token, input) => {
        this.write();
        const id = `PL${String(++this.next).padStart(4, '0')}`;
        this.playlists.set(id, { title: input.title, description: input.description, privacyStatus: input.privacyStatus ?? 'private', items: [] });
        return this.applied(playlist(id));
      },
      insertPlaylistItem: async (_token, input) => {
        this.write();
        const p = this.playlists.get(input.playlistId);
        if (!p) throw new GoogleRefusal('404 playlistNotFound', 404, 'playlistNotFound');
        if (this.hidden.has(input.videoId)) throw new GoogleRefusal('404 videoNotFound: Video not found.', 404, 'videoNotFound');
        p.items.push(input.videoId);
        return this.applied(`${input.playlistId}:${p.items.length - 1}`);
      },
      deletePlaylist: async (_token, id) => {
        this.write();
        if (!this.playlists.delete(id)) throw new GoogleRefusal('404 playlistNotFound', 404, 'playlistNotFound');
        this.applied(undefined);
      },
    } as Partial<YouTubeClient> as YouTubeClient;
  }
}

describeEachEngine('playlist-sync task crashed at every point', (engine) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let jobId = 0;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    db = database.db;
  });
  afterAll(() => database?.drop());
  beforeEach(() => {
    jobId += 1;
  });

  /** Runs the task to its end, restarting it from its last checkpoint after each crash; answers the runs it took. */
  async function runToEnd(channel: FakeChannel, payload: PlaylistSyncPayload, stored: { checkpoint: unknown } = { checkpoint: null }): Promise<{ runs: number }> {
    const deps = { db, clock: { now: () => NOW }, logger: silentLogger, client: channel.client(), settings: {} } as unknown as TaskDeps<YouTubeSettings, YouTubeClient>;
    const handler = createPlaylistSyncHandler(deps);
    const task = { id: jobId, jobId, tenantId: 'acme', kind: 'youtube.playlist_sync', payload } as unknown as Task;
    for (let runs = 1; runs <= 500; runs++) {
      const context: ConnectorTaskContext = {
        deadline: new Date(NOW.getTime() + 60_000),
        checkpoint: stored.checkpoint,
        signal: new AbortController().signal,
        connection: { id: 1, tenantId: 'acme', externalAccountId: CHANNEL } as ConnectorTaskContext['connection'],
        session: {} as ConnectorTaskContext['session'],
        call: (run) => run('token'),
        callOnce: (run) => run('token'),
        async commitStep(write, next) {
          if (channel.tick()) throw new Crash(`crashed before a commit at event ${channel.events}`);
          await inTransaction(db, write);
          stored.checkpoint = structuredClone(next);
        },
      };
      try {
        await handler(task, context);
        return { runs };
      } catch (error) {
        if (!(error instanceof Crash || error instanceof RetryableError || error instanceof DeadlineReachedError)) throw error;
      }
    }
    throw new Error('the task never ended');
  }

  async function syncPayload(channel: FakeChannel, extra: Partial<Extract<PlaylistSyncPayload, { mode: 'sync' }>> = {}): Promise<Extract<PlaylistSyncPayload, { mode: 'sync' }>> {
    const categories = await inTransaction(db, (trx) =>
      saveCategories(trx, { tenantId: `acme${jobId}`, channelId: CHANNEL }, [
        { name: 'Tutorials', videoIds: VIDEOS.slice(0, 4) },
        { name: 'Vlogs', videoIds: VIDEOS.slice(4, 7) },
      ], NOW),
    );
    const old = channel.client();
    const oldPlaylist = await old.insertPlaylist('t', { title: 'Everything', description: 'mine' });
    for (const videoId of VIDEOS.slice(0, 3)) await old.insertPlaylistItem('t', { playlistId: oldPlaylist.id, videoId });
    channel.writes = 0;
    channel.units = 0;
    channel.events = 0;
    return {
      mode: 'sync',
      channel_id: CHANNEL,
      category_ids: categories.map((c) => c.id),
      replace_playlist_ids: [oldPlaylist.id],
      delete_despite_failures: false,
      max_failures: 10,
      estimate: { api_calls: 0, quota_units: 0 },
      ...extra,
    };
  }

  const shape = (channel: FakeChannel) => [...channel.playlists.values()].map((p) => ({ title: p.title, items: p.items })).sort((a, b) => a.title.localeCompare(b.title));

  it('ends exactly as asked with no write repeated, whichever event the process dies at', async () => {
    // A clean run first: how many events it takes, and the writes the sync needs.
    const clean = new FakeChannel();
    await runToEnd(clean, await syncPayload(clean));
    const expected = [
      { title: 'Tutorials', items: VIDEOS.slice(0, 4) },
      { title: 'Vlogs', items: VIDEOS.slice(4, 7) },
    ];
    expect(shape(clean)).toEqual(expected);
    expect(clean.writes).toBe(2 + 7 + 1);
    const events = clean.events;
    for (let crashAt = 1; crashAt <= events; crashAt++) {
      jobId += 1;
      const channel = new FakeChannel();
      const payload = await syncPayload(channel);
      channel.crashAt = crashAt;
      await runToEnd(channel, payload);
      expect({ crashAt, shape: shape(channel) }).toEqual({ crashAt, shape: expected });
      // A write the crash cut off is looked up, never sent again: the same writes as a clean run.
      expect({ crashAt, writes: channel.writes }).toEqual({ crashAt, writes: clean.writes });
    }
  });

  it('pauses for the quota before sending, uncounting the refused write, and resumes where it stopped', async () => {
    const channel = new FakeChannel();
    const payload = await syncPayload(channel);
    channel.quotaAfterWrites = 4;
    const deps = { db, clock: { now: () => NOW }, logger: silentLogger, client: channel.client(), settings: {} } as unknown as TaskDeps<YouTubeSettings, YouTubeClient>;
    let checkpoint: unknown = null;
    const context = (): ConnectorTaskContext =>
      ({
        deadline: new Date(NOW.getTime() + 60_000),
        checkpoint,
        signal: new AbortController().signal,
        call: (run: (token: string) => Promise<unknown>) => run('token'),
        callOnce: (run: (token: string) => Promise<unknown>) => run('token'),
        async commitStep(write: Parameters<ConnectorTaskContext['commitStep']>[0], next: unknown) {
          await inTransaction(db, write);
          checkpoint = structuredClone(next);
        },
      }) as unknown as ConnectorTaskContext;
    const task = { id: jobId, jobId, tenantId: 'acme', kind: 'youtube.playlist_sync', payload } as unknown as Task;
    await expect(createPlaylistSyncHandler(deps)(task, context())).rejects.toBeInstanceOf(RateLimitedError);
    const state = readSyncState(checkpoint);
    expect(state).toMatchObject({ stage: 'add_videos', pause: { reason: 'quota_exhausted', resumes_at: '2026-11-30T00:00:00.000Z' } });
    // 4 writes made (2 playlists, 2 videos) and 3 reads (the playlists, the old one's items): the refused fifth is not counted.
    expect(state.quota_used).toBe(4 * 50 + 2);
    const sent = await db.selectFrom('sync_video_operations').select('id').where('job_id', '=', jobId).where('sent_at', 'is not', null).execute();
    expect(sent).toEqual([]);
    channel.quotaAfterWrites = 0;
    await createPlaylistSyncHandler(deps)(task, context());
    expect(readSyncState(checkpoint)).toMatchObject({ stage: 'completed', pause: null, quota_used: 10 * 50 + 2 });
    expect(channel.units).toBe(10 * 50 + 2);
  });

  it('pauses for a person once refusals reach max_failures, and goes on after a resume', async () => {
    const channel = new FakeChannel();
    const payload = await syncPayload(channel, { max_failures: 2 });
    channel.hidden = new Set([VIDEOS[1]!, VIDEOS[2]!, VIDEOS[5]!]);
    const stored = { checkpoint: null as unknown };
    await expect(runToEnd(channel, payload, stored)).rejects.toBeInstanceOf(AwaitingReviewError);
    const failed = async () =>
      (await db.selectFrom('sync_video_operations').select(['youtube_video_id', 'status', 'error_message']).where('job_id', '=', jobId).orderBy('id').execute()).filter((op) => op.status === 'failed');
    expect((await failed()).map((op) => op.youtube_video_id)).toEqual([VIDEOS[1], VIDEOS[2]]);
    expect((await failed())[0]!.error_message).toContain('videoNotFound');
    expect(readSyncState(stored.checkpoint).pause).toMatchObject({ reason: 'errors_collected' });
    // Resumed (the queue runs it again from the same checkpoint): one more refusal is below the limit again.
    await runToEnd(channel, payload, stored);
    expect((await failed()).map((op) => op.youtube_video_id)).toEqual([VIDEOS[1], VIDEOS[2], VIDEOS[5]]);
    expect(shape(channel)).toEqual([
      { title: 'Everything', items: VIDEOS.slice(0, 3) },
      { title: 'Tutorials', items: [VIDEOS[0], VIDEOS[3]] },
      { title: 'Vlogs', items: [VIDEOS[4], VIDEOS[6]] },
    ]);
    expect(readSyncState(stored.checkpoint).stage_results.delete_playlists).toEqual({ succeeded: 0, failed: 0, skipped: 1 });
  });

  it('fails the rest of a playlist deleted on YouTube mid-sync at once, spending one refused write, not one per video', async () => {
    const channel = new FakeChannel();
    const payload = await syncPayload(channel, { delete_despite_failures: true });
    // Tutorials' playlist goes after its first video (writes: 2 creates, then videos).
    channel.onWrites = { after: 3, run: () => channel.playlists.delete([...channel.playlists.entries()].find(([, p]) => p.title === 'Tutorials')![0]) };
    const stored = { checkpoint: null as unknown };
    await runToEnd(channel, payload, stored);
    const state = readSyncState(stored.checkpoint);
    expect(state.stage_results.add_videos).toEqual({ succeeded: 1 + 3, failed: 3, skipped: 0 });
    expect(state.errors.filter((e) => e.stage === 'add_videos').map((e) => e.entity_type)).toEqual(['playlist']);
    // 2 creates + 1 video + 1 refused insert + 3 Vlogs videos + 1 delete.
    expect(channel.writes).toBe(2 + 1 + 1 + 3 + 1);
  });

  it('clears the sent mark and the units of a write a budget only a person can raise refused', async () => {
    const channel = new FakeChannel();
    const payload = await syncPayload(channel);
    channel.blockedAfterWrites = 3;
    const stored = { checkpoint: null as unknown };
    await expect(runToEnd(channel, payload, stored)).rejects.toBeInstanceOf(BudgetBlockedError);
    expect(readSyncState(stored.checkpoint).quota_used).toBe(3 * 50 + 2);
    const sent = await db.selectFrom('sync_video_operations').select('id').where('job_id', '=', jobId).where('sent_at', 'is not', null).execute();
    expect(sent).toEqual([]);
  });

  it('never deletes a playlist whose items it could not back up', async () => {
    const channel = new FakeChannel();
    const payload = await syncPayload(channel);
    channel.unreadable.add(payload.replace_playlist_ids[0]!);
    const stored = { checkpoint: null as unknown };
    await runToEnd(channel, payload, stored);
    const state = readSyncState(stored.checkpoint);
    expect(state.stage_results.delete_playlists).toEqual({ succeeded: 0, failed: 0, skipped: 1 });
    expect(channel.playlists.has(payload.replace_playlist_ids[0]!)).toBe(true);
    expect(state.errors.map((e) => e.message).join(' ')).toContain('could not be backed up');
  });

  it('takes up a restore that stopped after recreating a playlist: a second restore fills the same playlist, each video once', async () => {
    const channel = new FakeChannel();
    const payload = await syncPayload(channel);
    await runToEnd(channel, payload);
    const syncJob = jobId;
    const [snapshot] = await db.selectFrom('backup_snapshots').select(['id', 'youtube_playlist_id']).where('job_id', '=', syncJob).where('deleted_from_youtube_at', 'is not', null).execute();
    const restore: PlaylistSyncPayload = { mode: 'restore', channel_id: CHANNEL, source_job_id: syncJob, snapshot_ids: [Number(snapshot!.id)], max_failures: 10, estimate: { api_calls: 0, quota_units: 0 } };
    // The first restore recreates the playlist, adds one video, and is never run again (cancelled).
    jobId += 1;
    channel.writes = 0;
    channel.onWrites = { after: 2, run: () => { throw new Crash('cancelled mid-restore'); } };
    await expect(runToEnd(channel, restore, { checkpoint: null })).rejects.toThrow('never ended');
    const recreated = [...channel.playlists.values()].filter((p) => p.title === 'Everything');
    expect(recreated.map((p) => p.items)).toEqual([VIDEOS.slice(0, 1)]);
    const half = await db.selectFrom('backup_snapshots').select(['restored_playlist_id', 'restored_at']).where('id', '=', Number(snapshot!.id)).executeTakeFirstOrThrow();
    expect(half).toMatchObject({ restored_playlist_id: expect.any(String), restored_at: null });
    // A second restore, as the endpoint would start it: the same playlist, the videos it lacks.
    jobId += 1;
    channel.onWrites = null;
    await runToEnd(channel, restore);
    expect(shape(channel).filter((p) => p.title === 'Everything')).toEqual([{ title: 'Everything', items: VIDEOS.slice(0, 3) }]);
    expect((await db.selectFrom('backup_snapshots').select('restored_at').where('id', '=', Number(snapshot!.id)).executeTakeFirstOrThrow()).restored_at).not.toBeNull();
  });
});
