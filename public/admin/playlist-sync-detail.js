// @ts-check
// A playlist-sync job's own detail on its card (issue 13): the stage and a bar for it, the
// results per stage, the quota spent, why it waits (and until when), and its refused items.
import { formatCount, formatTime } from './format.js';
import { html } from './lib.js';
import { SYNC_STAGES } from './stage-costs.js';

/** Refused items listed; the job keeps the latest 50 and counts them all (`error_count`). */
const REFUSED_SHOWN = 10;

const PAUSES = {
  quota_exhausted: 'Paused: the YouTube quota is spent for today',
  user_paused: 'Paused by a person',
  errors_collected: 'Paused: too many refused writes; read them below, then resume',
};

/** @param {{ job: import('./types.js').Job }} props */
export function PlaylistSyncDetail({ job }) {
  const results = job.stage_results;
  if (!results || !job.stage) return null;
  const done = job.current_stage_progress ?? 0;
  const total = job.current_stage_total ?? 0;
  const refused = job.errors.filter((e) => e.entity_type !== undefined).slice(-REFUSED_SHOWN);
  return html`
    <div class="playlist-sync" aria-label=${`Job ${job.id} playlist sync`}>
      <div class="bar">
        <span class="stage-name">${job.stage === 'completed' ? 'completed' : `${job.stage} ${formatCount(done)}/${formatCount(total)}`}</span>
        ${job.stage !== 'completed' && html`<progress max=${Math.max(total, 1)} value=${done} aria-label=${`Job ${job.id} stage ${job.stage}`}></progress>`}
      </div>
      <p class="muted">
        Quota used: <span class="quota-used">${formatCount(job.quota_used_this_sync ?? 0)}</span> units
        ${job.last_resumed_at ? ` · last resumed ${formatTime(job.last_resumed_at)}` : ''}
      </p>
      ${job.pause_reason && html`<p class="warning pause-reason">${PAUSES[job.pause_reason]}${job.resumes_at ? `; resumes ${formatTime(job.resumes_at)}` : ''}.</p>`}
      <div class="table-wrap"><table class="stage-results" aria-label=${`Job ${job.id} stage results`}>
        <thead><tr><th scope="col">Stage</th><th scope="col">Succeeded</th><th scope="col">Failed</th><th scope="col">Skipped</th></tr></thead>
        <tbody>
          ${SYNC_STAGES.map(
            (stage) => html`<tr key=${stage} data-stage=${stage} class=${stage === job.stage ? 'current' : ''}>
              <td>${stage}</td><td>${formatCount(results[stage].succeeded)}</td><td>${formatCount(results[stage].failed)}</td><td>${formatCount(results[stage].skipped)}</td>
            </tr>`,
          )}
        </tbody>
      </table></div>
      ${refused.length > 0 &&
      html`<details class="refused">
        <summary>Refused items (${formatCount(job.error_count ?? refused.length)})</summary>
        <ul>${refused.map((e) => html`<li><span class="scope-name">${e.stage} · ${e.entity_type} ${e.entity_id}</span> <span class="error-text">${e.message}</span></li>`)}</ul>
      </details>`}
    </div>
  `;
}
