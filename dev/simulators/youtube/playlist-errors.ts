/**
 * The errors of the playlist methods, as Google words them:
 * https://developers.google.com/youtube/v3/docs/playlists/insert#errors (and /list, /delete),
 * https://developers.google.com/youtube/v3/docs/playlistItems/insert#errors (and /list),
 * https://developers.google.com/youtube/v3/docs/errors
 */
import type { SimResponse } from '../_shared/http-io.js';
import { googleError } from './google-errors.js';

type Domain = 'youtube.playlist' | 'youtube.playlistItem';

/** `parameter`: the query parameter that named it (list, delete); none when it came in the body (insert). */
export const playlistNotFound = (domain: Domain, parameter?: 'id' | 'playlistId'): SimResponse =>
  googleError(
    404,
    `The playlist identified with the request's <code>${parameter ?? 'playlistId'}</code> parameter cannot be found.`,
    { domain, reason: 'playlistNotFound', ...(parameter && { location: parameter, locationType: 'parameter' }) },
  );

export const playlistForbidden = (): SimResponse =>
  googleError(403, 'This operation is forbidden or the request is not properly authorized.', { domain: 'youtube.playlist', reason: 'playlistForbidden' });

export const playlistItemsNotAccessible = (action: 'insert' | 'retrieve'): SimResponse =>
  googleError(
    403,
    action === 'insert' ? 'The request is not properly authorized to insert the specified playlist item.' : 'The request is not properly authorized to retrieve the specified playlist.',
    { domain: 'youtube.playlistItem', reason: 'playlistItemsNotAccessible' },
  );

/** Writing into a playlist YouTube maintains itself, such as a channel's uploads. */
export const playlistOperationUnsupported = (): SimResponse =>
  googleError(403, 'The request is not supported for the specified playlist.', { domain: 'youtube.playlistItem', reason: 'playlistOperationUnsupported' });

export const videoNotFound = (): SimResponse => googleError(404, 'Video not found.', { domain: 'youtube.playlistItem', reason: 'videoNotFound' });

export const playlistTitleRequired = (): SimResponse =>
  googleError(400, 'The request must specify a playlist title.', { domain: 'youtube.playlist', reason: 'playlistTitleRequired' });

export const playlistItemRequired = (property: 'playlistId' | 'resourceId'): SimResponse =>
  property === 'playlistId'
    ? googleError(400, 'The request does not specify a value for the required <code>playlistId</code> property.', { domain: 'youtube.playlistItem', reason: 'playlistIdRequired' })
    : googleError(400, 'The request must contain a resource in which you specify an element that identifies the item being added to the playlist.', { domain: 'youtube.playlistItem', reason: 'resourceIdRequired' });

export const invalidResourceType = (): SimResponse =>
  googleError(400, 'The type specified for the resource ID is not supported.', { domain: 'youtube.playlistItem', reason: 'invalidResourceType' });

export const invalidPlaylistItemPosition = (): SimResponse =>
  googleError(400, "The request attempts to set the playlist item's position to an invalid or unsupported value.", { domain: 'youtube.playlistItem', reason: 'invalidPlaylistItemPosition' });

export const invalidPrivacyStatus = (value: string): SimResponse =>
  googleError(400, `Invalid value '${value}' for status.privacyStatus: expected public, unlisted or private.`, { domain: 'youtube.playlist', reason: 'invalidValue' });

/** A request body that is not JSON: Google's frontend answers before the API sees it. */
export const parseError = (): SimResponse => googleError(400, 'Parse Error', { reason: 'parseError' });

/** Neither or both of a list method's filters (`names`, Google's order). */
export const filterError = (names: readonly string[], given: readonly string[]): SimResponse =>
  given.length === 0
    ? googleError(400, `No filter selected. Expected one of: ${names.join(', ')}`, { domain: 'youtube.parameter', reason: 'missingRequiredParameter', location: 'parameters.', locationType: 'other' })
    : googleError(400, `Incompatible parameters specified in the request: ${given.join(', ')}`, { domain: 'youtube.parameter', reason: 'incompatibleParameters', location: 'parameters.', locationType: 'other' });
