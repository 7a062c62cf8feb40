/**
 * What each Data API call costs in quota units (PLATFORMS.md "YouTube Data API v3";
 * https://developers.google.com/youtube/v3/determine_quota_cost): a list 1, an insert, update
 * or delete 50. Every request is charged, refused ones included.
 */
export const DATA_API_UNITS = { list: 1, write: 50 } as const;
