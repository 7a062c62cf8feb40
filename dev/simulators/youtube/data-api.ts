/** The Data API endpoints by stats name: each answer from its query, its body (writes) and the caller's context. */
import type { SimResponse } from '../_shared/http-io.js';
import { channelsList } from './channels-list.js';
import type { DataContext } from './data-context.js';
import { playlistItemsInsert, playlistItemsList } from './playlist-items.js';
import { playlistsDelete, playlistsInsert, playlistsList } from './playlists.js';
import type { DataEndpoint } from './types.js';

const ANSWERS: Record<DataEndpoint, (params: URLSearchParams, body: string, context: DataContext) => SimResponse> = {
  'data.channels.list': (params, _body, context) => channelsList(params, context.own, context.channel),
  'data.playlists.list': (params, _body, context) => playlistsList(params, context),
  'data.playlists.insert': playlistsInsert,
  'data.playlists.delete': (params, _body, context) => playlistsDelete(params, context),
  'data.playlistItems.list': (params, _body, context) => playlistItemsList(params, context),
  'data.playlistItems.insert': playlistItemsInsert,
};

export function answerDataApi(endpoint: DataEndpoint, params: URLSearchParams, body: string, context: DataContext): SimResponse {
  return ANSWERS[endpoint](params, body, context);
}
