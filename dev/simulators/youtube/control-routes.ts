/**
 * The YouTube simulator's control endpoints when it runs as its own process (main.ts), for a
 * harness in another process:
 *   GET  /__control/stats, POST /__control/reset-stats
 *   GET  /__control/ground-truth?channel_id=&start_date=&end_date=
 *   GET  /__control/channel-id?name=
 *   POST /__control/issue-code?name=&scope=          → { code }, a code for that channel granting `scope` (default: the read scopes)
 *   GET  /__control/video-ids?channel_id=            the channel's synthetic video ids
 *   GET  /__control/catalogue?channel_id=            its videos newest first: [{ videoId, title, publishedAt }] (catalogueOf)
 *   POST /__control/hide-videos?ids=a,b              → videoNotFound; show-videos undoes it
 *   GET  /__control/playlists?channel_id=            the channel's playlists (PlaylistTruth[])
 *   POST /__control/seed-playlist                    JSON { channelId, title, description?, privacyStatus?, videoIds } → { id }
 *   GET  /__control/data-units                       Data API units charged (DataUnitsUsed)
 *   POST /__control/data-daily-quota?units=N         no units: unlimited
 *   POST /__control/reset-data-quota                 as at midnight Pacific
 *   POST /__control/inject-faults                    JSON FaultSpec[]
 */
import { requiredParam, type ControlRoute } from '../_shared/control-routes.js';
import { field } from './data-context.js';
import { isIsoDay } from './dates.js';
import type { YouTubeSimulator } from './simulator.js';
import type { FaultSpec, SeedPlaylist } from './types.js';

const idList = (query: URLSearchParams): string[] => requiredParam(query, 'ids').split(',').filter(Boolean);

function seedPlaylistBody(body: unknown): { channelId: string; playlist: SeedPlaylist } {
  const [channelId, title, videoIds] = [field(body, 'channelId'), field(body, 'title'), field(body, 'videoIds')];
  if (typeof channelId !== 'string' || typeof title !== 'string') throw new Error('seed-playlist takes JSON { channelId, title, videoIds }');
  if (!Array.isArray(videoIds) || !videoIds.every((id) => typeof id === 'string')) throw new Error('videoIds must be an array of strings');
  const description = field(body, 'description');
  const privacyStatus = field(body, 'privacyStatus') as SeedPlaylist['privacyStatus'];
  return { channelId, playlist: { title, videoIds, ...(typeof description === 'string' && { description }), ...(privacyStatus && { privacyStatus }) } };
}

export function youtubeControlRoutes(simulator: YouTubeSimulator): Record<string, ControlRoute> {
  const day = (query: URLSearchParams, name: string) => {
    const value = requiredParam(query, name);
    if (!isIsoDay(value)) throw new Error(`${name} must be YYYY-MM-DD`);
    return value;
  };
  return {
    stats: { method: 'GET', run: () => simulator.stats() },
    'reset-stats': { method: 'POST', run: () => simulator.resetStats() },
    'ground-truth': {
      method: 'GET',
      run: (query) => simulator.groundTruth(requiredParam(query, 'channel_id'), day(query, 'start_date'), day(query, 'end_date')),
    },
    'channel-id': { method: 'GET', run: (query) => ({ channel_id: simulator.channelIdFor(requiredParam(query, 'name')) }) },
    'issue-code': {
      method: 'POST',
      run: (query) => ({ code: simulator.issueCode(requiredParam(query, 'name'), query.get('scope') ?? undefined) }),
    },
    'video-ids': { method: 'GET', run: (query) => simulator.videoIdsOf(requiredParam(query, 'channel_id')) },
    catalogue: { method: 'GET', run: (query) => simulator.catalogueOf(requiredParam(query, 'channel_id')) },
    'hide-videos': { method: 'POST', run: (query) => simulator.hideVideos(idList(query)) },
    'show-videos': { method: 'POST', run: (query) => simulator.showVideos(idList(query)) },
    playlists: { method: 'GET', run: (query) => simulator.playlists(requiredParam(query, 'channel_id')) },
    'seed-playlist': {
      method: 'POST',
      run: (_query, body) => {
        const { channelId, playlist } = seedPlaylistBody(body);
        return { id: simulator.seedPlaylist(channelId, playlist) };
      },
    },
    'data-units': { method: 'GET', run: () => simulator.dataUnitsUsed() },
    'data-daily-quota': {
      method: 'POST',
      run: (query) => {
        const units = query.get('units');
        if (units && !/^\d+$/.test(units)) throw new Error('units must be a whole number');
        simulator.setDataDailyQuota(units ? Number(units) : null);
      },
    },
    'reset-data-quota': { method: 'POST', run: () => simulator.resetDataQuota() },
    'inject-faults': {
      method: 'POST',
      run: (_query, body) => {
        if (!Array.isArray(body)) throw new Error('inject-faults takes a JSON array of faults');
        simulator.injectFaults(body as FaultSpec[]);
      },
    },
  };
}
