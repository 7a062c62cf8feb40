import { describe, expect, it } from '@jest/globals';

// The admin page's playlist-sync form → request body (issue 13): a plain module of the page,
// imported here as the browser loads it. Its types are checked by tsconfig.admin-page.json; the
// project's tsconfig reads no JavaScript, so the import names them (the path as a variable keeps
// tsc from looking for a declaration file).
type Categories = { categories: { name: string; video_ids: string[] }[]; problems: string[] };
interface PageModule {
  idsIn(text: string): string[];
  parseCategoryLines(text: string): Categories;
  playlistSyncRequest(form: { connection: { tenant_id: string; account_id: string } | undefined; categories: string; replace: string; deleteDespiteFailures: boolean }): { body: Record<string, unknown> } | { problems: string[] };
}
const MODULE = '../../../public/admin/playlist-sync-request.js';
const { idsIn, parseCategoryLines, playlistSyncRequest } = (await import(MODULE)) as PageModule;
const connection = { tenant_id: 'acme', account_id: 'UC1' };

describe('the playlist-sync form', () => {
  it('reads categories as `name: id, id` lines, skipping blank ones', () => {
    expect(parseCategoryLines('Tutorials: a1, a2\n\n  Vlogs:b1 b2,b3  \nEmpty:')).toEqual({
      categories: [
        { name: 'Tutorials', video_ids: ['a1', 'a2'] },
        { name: 'Vlogs', video_ids: ['b1', 'b2', 'b3'] },
        { name: 'Empty', video_ids: [] },
      ],
      problems: [],
    });
  });

  it('names the line of a category without a name, or named twice, and asks for one when there is none', () => {
    expect(parseCategoryLines('a1, a2\nA: x\nA: y').problems).toEqual(['Categories, line 1: write it as "name: videoId, videoId, …".', 'Categories, line 3: "A" is named twice.']);
    expect(parseCategoryLines(' \n').problems).toEqual(['Categories: at least one line "name: videoId, videoId, …".']);
  });

  it('builds the body from the chosen channel, the categories and the playlists to replace', () => {
    expect(playlistSyncRequest({ connection, categories: 'A: x', replace: 'PL1,\nPL2 PL3', deleteDespiteFailures: true })).toEqual({
      body: { tenant_id: 'acme', channel_id: 'UC1', categories: [{ name: 'A', video_ids: ['x'] }], replace_playlist_ids: ['PL1', 'PL2', 'PL3'], delete_despite_failures: true },
    });
    expect(playlistSyncRequest({ connection, categories: 'A: x', replace: '', deleteDespiteFailures: false })).toEqual({
      body: { tenant_id: 'acme', channel_id: 'UC1', categories: [{ name: 'A', video_ids: ['x'] }], replace_playlist_ids: [] },
    });
    expect(idsIn(' \n ')).toEqual([]);
  });

  it('asks for a channel first', () => {
    expect(playlistSyncRequest({ connection: undefined, categories: 'A: x', replace: '', deleteDespiteFailures: false })).toEqual({
      problems: ['Channel: pick a YouTube connection (connect one with access=write first).'],
    });
  });
});
