import type { Migration } from 'kysely/migration';
import * as initial from './0001-initial.js';
import * as connectorSeam from './0002-connector-seam.js';
import * as taskSteps from './0003-task-steps.js';
import * as jobsAdmin from './0004-jobs-admin.js';
import * as channelDailyMetrics from './0005-channel-daily-metrics.js';
import * as followUps from './0006-follow-ups.js';
import * as budgetStore from './0007-budget-store.js';
import * as fairPriorities from './0008-fair-priorities.js';
import * as commerce from './0009-commerce.js';
import * as oauthStates from './0010-oauth-states.js';
import * as grantFingerprint from './0011-grant-fingerprint.js';
import * as syncReadMarks from './0012-sync-read-marks.js';
import * as accountHints from './0013-account-hints.js';
import * as playlistSync from './0014-playlist-sync.js';
import * as dataBackfills from './0015-data-backfills.js';
import * as videoCatalogue from './0016-video-catalogue.js';

/**
 * Forward-only migrations, in order. Listed statically (not read from a folder) so bundlers
 * and Vercel's file tracing see them. To add one: create `NNNN-name.ts` exporting `up`, and
 * append it here with a key that sorts after the last.
 */
export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-connector-seam': connectorSeam,
  '0003-task-steps': taskSteps,
  '0004-jobs-admin': jobsAdmin,
  '0005-channel-daily-metrics': channelDailyMetrics,
  '0006-follow-ups': followUps,
  '0007-budget-store': budgetStore,
  '0008-fair-priorities': fairPriorities,
  '0009-commerce': commerce,
  '0010-oauth-states': oauthStates,
  '0011-grant-fingerprint': grantFingerprint,
  '0012-sync-read-marks': syncReadMarks,
  '0013-account-hints': accountHints,
  '0014-playlist-sync': playlistSync,
  '0015-data-backfills': dataBackfills,
  '0016-video-catalogue': videoCatalogue,
};
