/**
 * A fake of Google's OAuth token endpoint, YouTube Data API v3 `channels.list` and YouTube Analytics
 * API v2 `reports.query`, with deterministic synthetic data and fault injection — for end-to-end
 * tests with the real client packages, the offline dev server, and benchmarks.
 */
export { createYouTubeSimulator, type YouTubeSimulator } from './simulator.js';
export { startYouTubeSimulator, type RunningYouTubeSimulator } from './server.js';
export type {
  DailyVideoMetrics,
  EndpointStats,
  FaultKind,
  FaultSpec,
  SimulatedApi,
  SimulatorEndpoint,
  SimulatorStats,
  YouTubeSimulatorOptions,
} from './types.js';
