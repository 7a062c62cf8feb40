/**
 * YouTube Data API v3 playlists (https://www.googleapis.com/youtube/v3/playlists):
 * list  https://developers.google.com/youtube/v3/docs/playlists/list   (filters mine, id, channelId)
 * insert https://developers.google.com/youtube/v3/docs/playlists/insert (snippet.title required)
 * delete https://developers.google.com/youtube/v3/docs/playlists/delete (204, the owner only)
 * The resource: https://developers.google.com/youtube/v3/docs/playlists#resource
 * Another channel's private playlists are invisible to list, as on YouTube.
 */
import type { SimResponse } from '../_shared/http-io.js';
import { field, jsonObject, type DataContext } from './data-context.js';
import { etagOf } from './etag.js';
import { requiredParameter } from './google-errors.js';
import { pageOf } from './paging.js';
import { parseParts, withParts } from './parts.js';
import { filterError, invalidPrivacyStatus, parseError, playlistForbidden, playlistNotFound, playlistTitleRequired } from './playlist-errors.js';
import { PRIVACY_STATUSES, type PrivacyStatus, type StoredPlaylist } from './playlist-store.js';

/** localizations and player are accepted but not served. */
const PARTS = ['id', 'snippet', 'status', 'contentDetails', 'localizations', 'player'];
const FILTERS = ['channelId', 'id', 'mine'];

function playlistResource(playlist: StoredPlaylist, parts: readonly string[], context: DataContext): Record<string, unknown> {
  const { id, channelId, title, description, privacyStatus, publishedAt, items } = playlist;
  const channelTitle = context.channel(channelId)?.title ?? channelId;
  return withParts({ kind: 'youtube#playlist', etag: etagOf([id, title, description, privacyStatus, items.length, parts]), id }, parts, {
    snippet: { publishedAt, channelId, title, description, channelTitle, localized: { title, description } },
    status: { privacyStatus },
    contentDetails: { itemCount: items.length },
  });
}

const visibleTo = (channelId: string) => (playlist: StoredPlaylist) => playlist.channelId === channelId || playlist.privacyStatus !== 'private';

export function playlistsList(params: URLSearchParams, context: DataContext): SimResponse {
  const parsed = parseParts(params, PARTS);
  if (!parsed.ok) return parsed.response;
  const given = FILTERS.filter((name) => (name === 'mine' ? params.get('mine') === 'true' : params.has(name)));
  if (given.length !== 1) return filterError(FILTERS, given);
  const own = context.own.id;
  const all =
    given[0] === 'mine'
      ? context.playlists.ofChannel(own).reverse()
      : given[0] === 'channelId'
        ? context.playlists.ofChannel(params.get('channelId') ?? '').reverse().filter(visibleTo(own))
        : (params.get('id') ?? '').split(',').map((id) => context.playlists.get(id.trim())).filter((p) => p !== null).filter(visibleTo(own));
  const paged = pageOf(all, params);
  if (!paged.ok) return paged.response;
  const { items, ...page } = paged.page;
  const resources = items.map((playlist) => playlistResource(playlist, parsed.parts, context));
  return { status: 200, body: { kind: 'youtube#playlistListResponse', etag: etagOf([page, resources.map((r) => r.etag)]), ...page, items: resources } };
}

export function playlistsInsert(params: URLSearchParams, body: string, context: DataContext): SimResponse {
  const parsed = parseParts(params, PARTS);
  if (!parsed.ok) return parsed.response;
  const resource = jsonObject(body);
  if (!resource) return parseError();
  const snippet = field(resource, 'snippet');
  const [title, description] = [field(snippet, 'title'), field(snippet, 'description')];
  if (typeof title !== 'string' || title.trim() === '') return playlistTitleRequired();
  // Google's default for a playlist made without a status: public.
  const privacyStatus = field(field(resource, 'status'), 'privacyStatus') ?? 'public';
  if (!PRIVACY_STATUSES.includes(privacyStatus as PrivacyStatus)) return invalidPrivacyStatus(String(privacyStatus));
  const fields = { title, description: typeof description === 'string' ? description : '', privacyStatus: privacyStatus as PrivacyStatus };
  const playlist = context.playlists.create(context.own.id, fields, context.now);
  return { status: 200, body: playlistResource(playlist, parsed.parts, context) };
}

export function playlistsDelete(params: URLSearchParams, context: DataContext): SimResponse {
  const id = params.get('id');
  if (!id) return requiredParameter('Required parameter: id', 'id');
  const playlist = context.playlists.get(id);
  if (!playlist) return playlistNotFound('youtube.playlist', 'id');
  if (playlist.channelId !== context.own.id) return playlistForbidden();
  context.playlists.delete(id);
  return { status: 204, body: '' };
}
