/**
 * YouTube Data API v3 `channels.list` (GET https://www.googleapis.com/youtube/v3/channels):
 * https://developers.google.com/youtube/v3/docs/channels/list
 * https://developers.google.com/youtube/v3/docs/channels#resource (the resource's shape)
 * Served filters: `mine=true` and `id=<id>[,<id>…]`; parts: id, snippet, contentDetails, statistics
 * (any together, 1 unit). The statistics counts are uint64, which Google sends as strings.
 */
import type { SimResponse } from '../_shared/http-io.js';
import { etagOf } from './etag.js';
import { googleError } from './google-errors.js';
import { parseParts } from './parts.js';

export interface ChannelProfile {
  id: string;
  title: string;
  publishedAt: string;
  statistics: { videoCount: number; viewCount: number; subscriberCount: number };
}

const PARTS = ['id', 'snippet', 'contentDetails', 'statistics'];

/** A channel's uploads playlist id: its id with 'UC' replaced by 'UU'. */
export const uploadsPlaylistId = (channelId: string): string => `UU${channelId.slice(2)}`;

function channelResource({ id, title, publishedAt, statistics }: ChannelProfile, parts: readonly string[]): Record<string, unknown> {
  return {
    kind: 'youtube#channel',
    etag: etagOf([id, parts]),
    id,
    ...(parts.includes('snippet') && {
      snippet: { title, description: `Synthetic channel "${title}".`, publishedAt, localized: { title, description: '' } },
    }),
    ...(parts.includes('contentDetails') && { contentDetails: { relatedPlaylists: { likes: '', uploads: uploadsPlaylistId(id) } } }),
    ...(parts.includes('statistics') && {
      statistics: {
        viewCount: String(statistics.viewCount),
        subscriberCount: String(statistics.subscriberCount),
        hiddenSubscriberCount: false,
        videoCount: String(statistics.videoCount),
      },
    }),
  };
}

export function channelsList(params: URLSearchParams, own: ChannelProfile, lookup: (id: string) => ChannelProfile | null): SimResponse {
  const parsed = parseParts(params, PARTS);
  if (!parsed.ok) return parsed.response;
  const { parts } = parsed;
  const mine = params.get('mine') === 'true';
  const ids = params.get('id')?.split(',');
  if (!mine && !ids) {
    const message = 'No filter selected. Expected one of: forUsername, managedByMe, categoryId, mine, mySubscribers, id, idParam';
    const item = { domain: 'youtube.parameter', reason: 'missingRequiredParameter', location: 'parameters.', locationType: 'other' };
    return googleError(400, message, item);
  }
  const profiles = mine ? [own] : (ids ?? []).map(lookup).filter((p): p is ChannelProfile => p !== null);
  const items = profiles.map((profile) => channelResource(profile, parts));
  // resultsPerPage: the API's default maxResults.
  const body = { kind: 'youtube#channelListResponse', etag: etagOf(items), pageInfo: { totalResults: items.length, resultsPerPage: 5 }, items };
  return { status: 200, body };
}
