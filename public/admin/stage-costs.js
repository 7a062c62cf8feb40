// @ts-check
// A playlist sync's (or restore's) preview as a table: each stage's count and quota units, the
// total, and the days the daily quota spreads it over. Shared by the sync panel and the restore.
import { formatCount } from './format.js';
import { html } from './lib.js';

/** @typedef {import('./types.js').SyncStage} SyncStage */

/** @type {SyncStage[]} */
export const SYNC_STAGES = ['backup', 'create_playlists', 'add_videos', 'delete_playlists'];

/** @param {{ preview: import('./types.js').PlaylistSyncPreview, label: string }} props */
export function StageCosts({ preview, label }) {
  const limit = preview.daily_quota_limit;
  const left = preview.quota_left_today;
  return html`
    <div class="table-wrap"><table class="stage-costs" aria-label=${label}>
      <thead><tr><th scope="col">Stage</th><th scope="col">Count</th><th scope="col">Quota units</th></tr></thead>
      <tbody>
        ${SYNC_STAGES.map((stage) => html`<tr key=${stage} data-stage=${stage}><td>${stage}</td><td>${formatCount(preview.stages[stage].count)}</td><td>${formatCount(preview.stages[stage].quota_cost)}</td></tr>`)}
        <tr class="total"><td>total</td><td></td><td>${formatCount(preview.total_quota_cost)}</td></tr>
      </tbody>
    </table></div>
    <dl class="numbers">
      <dt>Estimated days</dt><dd>${formatCount(preview.estimated_days)}</dd>
      <dt>Daily quota</dt><dd>${limit === null ? 'none' : `${formatCount(limit)}${left === null ? '' : ` (${formatCount(left)} left today)`}`}</dd>
      <dt>This preview spent</dt><dd>${formatCount(preview.preview_quota_cost)} units</dd>
    </dl>
  `;
}
