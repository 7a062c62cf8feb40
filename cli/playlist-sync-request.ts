/**
 * A playlist-sync request file → the body sent to the API. Only what the CLI can tell without
 * the server is checked here (JSON, an object, the fields that say whose channel); the server
 * validates the rest and answers 400 naming each field, which exits 2 as well.
 */
import { UsageError } from './cli-errors.js';
import type { CommandName } from './command-specs.js';

/** The body of `POST /api/admin/playlist-sync` and `…/preview` (api/_lib/admin-schemas.ts `playlistSyncBody`). */
export interface PlaylistSyncRequest {
  tenant_id: string;
  channel_id: string;
  categories: { name: string; video_ids: string[] }[];
  replace_playlist_ids?: string[];
  [field: string]: unknown;
}

export function parsePlaylistSyncRequest(text: string | undefined, file: string, command: CommandName): PlaylistSyncRequest {
  if (text === undefined) throw new UsageError(`cannot read ${file}`, command);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`, command);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UsageError(`${file} must hold one JSON object: {tenant_id, channel_id, categories, …}`, command);
  const request = json as Record<string, unknown>;
  const missing = ['tenant_id', 'channel_id', 'categories'].filter((field) => request[field] === undefined);
  if (missing.length > 0) throw new UsageError(`${file} lacks ${missing.join(', ')}`, command);
  if (!Array.isArray(request['categories'])) throw new UsageError(`${file}: categories must be a list of {name, video_ids}`, command);
  return request as PlaylistSyncRequest;
}
