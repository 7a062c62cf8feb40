/** What a backfill reads: Analytics reports and the channel. */
export const READ_SCOPES = ['https://www.googleapis.com/auth/yt-analytics.readonly', 'https://www.googleapis.com/auth/youtube.readonly'];

/** Playlist write-sync (PLATFORMS.md "YouTube Data API"): a connection without it cannot sync. */
export const WRITE_SCOPE = 'https://www.googleapis.com/auth/youtube.force-ssl';
