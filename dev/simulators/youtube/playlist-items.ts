/**
 * YouTube Data API v3 playlistItems (https://www.googleapis.com/youtube/v3/playlistItems):
 * list   https://developers.google.com/youtube/v3/docs/playlistItems/list   (playlistId or id; videoId narrows)
 * insert https://developers.google.com/youtube/v3/docs/playlistItems/insert (not idempotent: a video
 *        added twice is two items)
 * The resource: https://developers.google.com/youtube/v3/docs/playlistItems#resource
 * The caller's uploads playlist ('UU' + its channel id without 'UC', channels.list
 * contentDetails.relatedPlaylists.uploads) lists its synthetic videos newest first, read-only;
 * another channel's uploads playlist is not served (404 playlistNotFound, as an unknown playlist).
 */
import type { SimResponse } from '../_shared/http-io.js';
import { uploadsPlaylistId } from './channels-list.js';
import { field, jsonObject, type DataContext } from './data-context.js';
import { etagOf } from './etag.js';
import { pageOf } from './paging.js';
import { parseParts, withParts } from './parts.js';
import {
  filterError,
  invalidPlaylistItemPosition,
  invalidResourceType,
  parseError,
  playlistItemRequired,
  playlistItemsNotAccessible,
  playlistNotFound,
  playlistOperationUnsupported,
  videoNotFound,
} from './playlist-errors.js';
import type { StoredItem, StoredPlaylist } from './playlist-store.js';
import { youtubeStyleId, type SyntheticVideo } from './synthetic-data.js';

const PARTS = ['id', 'snippet', 'contentDetails', 'status'];
const FILTERS = ['id', 'playlistId'];

function itemResource(playlist: StoredPlaylist, item: StoredItem, parts: readonly string[], context: DataContext): Record<string, unknown> {
  const position = playlist.items.indexOf(item);
  const { id, videoId, publishedAt } = item;
  const channelTitle = context.channel(playlist.channelId)?.title ?? playlist.channelId;
  const resourceId = { kind: 'youtube#video', videoId };
  const title = `Video ${videoId}`;
  return withParts({ kind: 'youtube#playlistItem', etag: etagOf([id, position, parts]), id }, parts, {
    snippet: { publishedAt, channelId: playlist.channelId, title, description: '', channelTitle, playlistId: playlist.id, position, resourceId },
    contentDetails: { videoId },
    status: { privacyStatus: playlist.privacyStatus },
  });
}

/** An upload as its channel's uploads playlist lists it; the item id is shaped as the store's. */
function uploadResource(video: SyntheticVideo, position: number, parts: readonly string[], context: DataContext): Record<string, unknown> {
  const { id: channelId, title: channelTitle } = context.own;
  const playlistId = uploadsPlaylistId(channelId);
  const id = Buffer.from(`${playlistId}.${youtubeStyleId(`upload/${video.videoId}`, 16, 6)}`).toString('base64url');
  const { videoId, title, publishedAt } = video;
  const resourceId = { kind: 'youtube#video', videoId };
  return withParts({ kind: 'youtube#playlistItem', etag: etagOf([id, position, parts]), id }, parts, {
    snippet: { publishedAt, channelId, title, description: '', channelTitle, playlistId, position, resourceId, videoOwnerChannelTitle: channelTitle, videoOwnerChannelId: channelId },
    contentDetails: { videoId, videoPublishedAt: publishedAt },
    status: { privacyStatus: 'public' },
  });
}

/** The caller's uploads, newest first, as playlistItems.list pages them (videoId narrows, as for any playlist). */
function uploadsList(params: URLSearchParams, parts: readonly string[], context: DataContext): SimResponse {
  const videoId = params.get('videoId');
  const uploads = context.videos.uploadsOf(context.own.id).map((video, position) => ({ video, position }));
  const paged = pageOf(videoId ? uploads.filter(({ video }) => video.videoId === videoId) : uploads, params);
  if (!paged.ok) return paged.response;
  const { items, ...page } = paged.page;
  const resources = items.map(({ video, position }) => uploadResource(video, position, parts, context));
  return { status: 200, body: { kind: 'youtube#playlistItemListResponse', etag: etagOf([page, resources.map((r) => r.etag)]), ...page, items: resources } };
}

/** The owner reads any of its playlists; others only the ones that are not private. */
const readable = (playlist: StoredPlaylist, context: DataContext): boolean => playlist.channelId === context.own.id || playlist.privacyStatus !== 'private';

export function playlistItemsList(params: URLSearchParams, context: DataContext): SimResponse {
  const parsed = parseParts(params, PARTS);
  if (!parsed.ok) return parsed.response;
  const given = FILTERS.filter((name) => params.has(name));
  if (given.length !== 1) return filterError(FILTERS, given);
  let found: { playlist: StoredPlaylist; item: StoredItem }[];
  if (given[0] === 'playlistId' && params.get('playlistId') === uploadsPlaylistId(context.own.id)) return uploadsList(params, parsed.parts, context);
  if (given[0] === 'playlistId') {
    const playlist = context.playlists.get(params.get('playlistId') ?? '');
    if (!playlist) return playlistNotFound('youtube.playlistItem', 'playlistId');
    if (!readable(playlist, context)) return playlistItemsNotAccessible('retrieve');
    found = playlist.items.map((item) => ({ playlist, item }));
  } else {
    const ids = (params.get('id') ?? '').split(',').map((id) => id.trim());
    found = ids.map((id) => context.playlists.findItem(id)).filter((hit) => hit !== null).filter(({ playlist }) => readable(playlist, context));
  }
  const videoId = params.get('videoId');
  if (videoId) found = found.filter(({ item }) => item.videoId === videoId);
  const paged = pageOf(found, params);
  if (!paged.ok) return paged.response;
  const { items, ...page } = paged.page;
  const resources = items.map(({ playlist, item }) => itemResource(playlist, item, parsed.parts, context));
  return { status: 200, body: { kind: 'youtube#playlistItemListResponse', etag: etagOf([page, resources.map((r) => r.etag)]), ...page, items: resources } };
}

export function playlistItemsInsert(params: URLSearchParams, body: string, context: DataContext): SimResponse {
  const parsed = parseParts(params, PARTS);
  if (!parsed.ok) return parsed.response;
  const resource = jsonObject(body);
  if (!resource) return parseError();
  const snippet = field(resource, 'snippet');
  const [playlistId, resourceId, position] = [field(snippet, 'playlistId'), field(snippet, 'resourceId'), field(snippet, 'position')];
  if (typeof playlistId !== 'string' || playlistId === '') return playlistItemRequired('playlistId');
  const videoId = field(resourceId, 'videoId');
  if (typeof videoId !== 'string' || videoId === '') return playlistItemRequired('resourceId');
  if (field(resourceId, 'kind') !== 'youtube#video') return invalidResourceType();
  // Videos join their uploads playlist by being uploaded, not through the API.
  if (playlistId === uploadsPlaylistId(context.own.id)) return playlistOperationUnsupported();
  const playlist = context.playlists.get(playlistId);
  if (!playlist) return playlistNotFound('youtube.playlistItem');
  if (playlist.channelId !== context.own.id) return playlistItemsNotAccessible('insert');
  if (!context.videos.isPublic(videoId)) return videoNotFound();
  if (position !== undefined && (!Number.isInteger(position) || (position as number) < 0 || (position as number) > playlist.items.length)) {
    return invalidPlaylistItemPosition();
  }
  const item = context.playlists.addItem(playlist, videoId, position as number | undefined, context.now);
  return { status: 200, body: itemResource(playlist, item, parsed.parts, context) };
}
