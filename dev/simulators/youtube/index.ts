/**
 * A fake of Google's OAuth token endpoint, YouTube Data API v3 (`channels.list`, playlists list,
 * insert and delete, playlistItems list and insert) and YouTube Analytics API v2 `reports.query`,
 * with deterministic synthetic data, unit quota and fault injection — for end-to-end tests with the
 * real client packages, the offline dev server, and benchmarks.
 */
export { createYouTubeSimulator, type YouTubeSimulator } from './simulator.js';
export { startYouTubeSimulator, type RunningYouTubeSimulator } from './server.js';
export { DATA_API_UNITS, type DataUnitsUsed } from './data-quota.js';
export { topVideosOfDay } from './result-table.js';
export type {
  CatalogueVideo,
  ChannelSpec,
  CommitFaultKind,
  DailyVideoMetrics,
  DataEndpoint,
  EndpointStats,
  FaultKind,
  FaultSpec,
  PlaylistTruth,
  SeedPlaylist,
  SimulatedApi,
  SimulatorEndpoint,
  SimulatorStats,
  YouTubeSimulatorOptions,
} from './types.js';
