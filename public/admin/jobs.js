// @ts-check
// Active jobs (progress, per-scope detail, budget, ETA, commands) and the job history.
import { api, describeError } from './api.js';
import { formatCount, formatDuration, formatEta, formatRange, formatTime } from './format.js';
import { html, inputValue, useEffect, useRef, useState } from './lib.js';
import { RestoreButton } from './playlist-restore.js';
import { PlaylistSyncDetail } from './playlist-sync-detail.js';

/** @typedef {import('./types.js').Job} Job */

const STATUSES = ['pending', 'running', 'paused', 'succeeded', 'failed', 'cancelled'];

/** `youtube · acme · UC123` */
function jobScopeLine(/** @type {Job} */ job) {
  return [job.platform, job.tenant_id, job.account_id].filter(Boolean).join(' · ');
}

/** The budget in force, and what the job waits for when a budget holds it. */
function budgetLine(/** @type {Job} */ job) {
  const b = job.budget;
  if (!b) return 'Rate limiter: no limits known (the platform is not enabled here).';
  const quota = b.daily_quota === null ? 'no daily quota' : `daily quota ${formatCount(b.daily_quota)} (${Math.round(b.backfill_share * 100)}% for backfills)`;
  const limits = `Rate limiter: ${b.requests_per_second} req/s, ${quota}, concurrency ${b.concurrency}.`;
  const wait = job.budget_wait;
  if (!wait) return limits;
  const until = wait.until === null ? 'until a person raises the limit' : `until ${formatTime(wait.until)}`;
  return `${limits} Waiting for the ${wait.budget} budget ${until}: ${wait.reason}.`;
}

/**
 * @param {{ job: Job, now: number, onChanged: () => void, onDismiss: (id: number) => void, highlighted: boolean }} props
 */
function ActiveJob({ job, now, onChanged, onDismiss, highlighted }) {
  const live = ['pending', 'running', 'paused'].includes(job.status);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  /** @param {'DELETE' | 'POST'} method @param {string} suffix */
  const command = (method, suffix) => async () => {
    setBusy(true);
    setError('');
    try {
      await api(method, `/api/admin/backfill/${job.id}${suffix}`);
      onChanged();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const percent = Math.round(job.progress.percent);
  return html`
    <li class=${`job${highlighted ? ' highlighted' : ''}`} id=${`job-${job.id}`} data-job-id=${String(job.id)}>
      <div class="job-head">
        <h3>#${job.id} ${job.type}</h3>
        <span class=${`badge ${job.status}`}>${job.status}</span>
        <span class="muted">${jobScopeLine(job)} · ${formatRange(job.config)}</span>
      </div>
      <div class="bar">
        <progress max="100" value=${percent} aria-label=${`Job ${job.id} progress`}></progress>
        <span class="percent">${percent}%</span>
      </div>
      <p class="message">${job.message}</p>
      ${job.type === 'playlist-sync' && html`<${PlaylistSyncDetail} job=${job} />`}
      ${job.entities && html`<ul class="entities" aria-label=${`Job ${job.id} entities`}>${job.entities.map((e) => html`<${EntityRow} key=${e.entity} jobId=${job.id} entity=${e} />`)}</ul>`}
      ${job.chunk_completeness && job.chunk_completeness.length > 0 && html`<ul class="entities chunks" aria-label=${`Job ${job.id} chunks`}>${job.chunk_completeness.map((c) => html`<${ChunkRow} key=${c.run_for_dt} jobId=${job.id} chunk=${c} />`)}</ul>`}
      <p class="muted">${live ? `ETA: ${formatEta(job.eta, now)}` : `Ended ${formatTime(job.finished_at)}${job.reason ? ` (${job.reason})` : ''}`} · ${budgetLine(job)}</p>
      ${job.errors.length > 0 && html`<p class="error-text">Last error: ${job.errors[job.errors.length - 1]?.message}</p>`}
      <details>
        <summary>Detail per scope (${job.scopes.length})</summary>
        <ul class="scopes">
          ${job.scopes.map(
            (s) => html`<li>
              <span class="scope-name">${s.scope}</span> <span class=${`badge ${s.status}`}>${s.status}</span>
              <span>${formatCount(s.done)}/${formatCount(s.total)} (${Math.round(s.percent)}%)</span>
              <span class="message">${s.message}</span>
            </li>`,
          )}
        </ul>
      </details>
      <div class="actions">
        ${!live && html`<button type="button" class="secondary" onClick=${() => onDismiss(job.id)}>Dismiss #${job.id}</button>`}
        ${!live && job.type === 'playlist-sync' && job.config['mode'] === 'sync' && html`<${RestoreButton} job=${job} onCreated=${onChanged} />`}
        ${live && (job.status === 'paused'
          ? html`<button type="button" onClick=${command('POST', '/resume')} disabled=${busy}>Resume #${job.id}</button>`
          : html`<button type="button" class="secondary" onClick=${command('POST', '/pause')} disabled=${busy}>Pause #${job.id}</button>`)}
        ${live && html`<button type="button" class="danger" onClick=${command('DELETE', '')} disabled=${busy}>Cancel #${job.id}</button>`}
      </div>
      ${error && html`<p class="error-text" role="alert">${error}</p>`}
    </li>
  `;
}

/**
 * A commerce entity in order, its bar in vendor records (an entity whose total is not known yet shows none).
 * @param {{ jobId: number, entity: import('./types.js').JobEntity }} props
 */
function EntityRow({ jobId, entity }) {
  const total = entity.total ?? (entity.status === 'succeeded' ? entity.done : null);
  return html`<li data-entity=${entity.entity}>
    <span class="scope-name">${entity.entity}</span> <span class=${`badge ${entity.status}`}>${entity.status}</span>
    ${total !== null && html`<progress max=${Math.max(total, 1)} value=${entity.done} aria-label=${`Job ${jobId} ${entity.entity}`}></progress>`}
    <span class="message">${entity.message}</span>
  </li>`;
}

/** The days of a YouTube metrics chunk (lib/connectors/youtube/daily-channel.task.ts CHUNK_DAYS). */
const CHUNK_DAYS = 7;

/**
 * A YouTube metrics chunk: whether its top lists were complete; a capped one's bar counts its tail
 * videos fetched (none until the tail is known).
 * @param {{ jobId: number, chunk: import('./types.js').JobChunk }} props
 */
function ChunkRow({ jobId, chunk }) {
  const capped = chunk.top_list === 'capped';
  const tail = chunk.tail_videos === null ? 'tail not counted yet' : `tail ${formatCount(chunk.tail_fetched)}/${formatCount(chunk.tail_videos)} videos`;
  return html`<li data-chunk=${chunk.run_for_dt}>
    <span class="scope-name">${chunk.run_for_dt}</span> <span class=${`badge ${chunk.status}`}>${chunk.status}</span>
    <span class="top-list">${capped ? `top list capped ${chunk.capped_days}/${CHUNK_DAYS} days` : `top list ${chunk.top_list}`}</span>
    ${capped && chunk.tail_videos !== null && html`<progress max=${Math.max(chunk.tail_videos, 1)} value=${chunk.tail_fetched} aria-label=${`Job ${jobId} chunk ${chunk.run_for_dt} tail videos`}></progress>`}
    ${capped && html`<span class="message">${tail}</span>`}
  </li>`;
}

/**
 * The active jobs, then the ones this page saw end (until dismissed).
 * @param {{ jobs: Job[] | null, ended: Job[], error: string, now: number, onChanged: () => void, onDismiss: (id: number) => void, highlight: number | null }} props
 */
export function ActiveJobs({ jobs, ended, error, now, onChanged, onDismiss, highlight }) {
  if (error) return html`<p class="error-text" role="alert">Could not load the active jobs: ${error}. The page retries every 2 seconds.</p>`;
  if (jobs === null) return html`<p class="muted">Loading…</p>`;
  const all = [...jobs, ...ended.filter((job) => !jobs.some((live) => live.id === job.id))];
  return html`
    ${jobs.length === 0 && html`<p class="empty">No job is running, pending or paused${ended.length > 0 ? ' (the ones below have ended)' : ''}. Create one above; connecting an account starts its backfill too.</p>`}
    ${all.length > 0 &&
    html`<ul class="jobs">${all.map((job) => html`<${ActiveJob} key=${job.id} job=${job} now=${now} onChanged=${onChanged} onDismiss=${onDismiss} highlighted=${highlight === job.id} />`)}</ul>`}
  `;
}

/**
 * The history, newest first, a page at a time; reloads when `version` moves (a job was made
 * or commanded) or the filter changes.
 * @param {{ version: number }} props
 */
export function History({ version }) {
  const [status, setStatus] = useState('');
  const [jobs, setJobs] = useState(/** @type {Job[] | null} */ (null));
  const [cursor, setCursor] = useState(/** @type {string | null} */ (null));
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);
  // Each load is numbered: only the latest may write, so a slow page of an old filter (or a
  // second click) cannot append to or replace a newer answer.
  const latest = useRef(0);

  /** @param {string | null} after */
  async function load(after) {
    const seq = ++latest.current;
    setError('');
    setLoading(true);
    try {
      const params = new URLSearchParams({ limit: '10' });
      if (status) params.set('status', status);
      if (after) params.set('cursor', after);
      /** @type {{ jobs: Job[], next_cursor: string | null }} */
      const page = await api('GET', `/api/admin/backfill/jobs?${params}`);
      if (seq !== latest.current) return;
      setJobs((previous) => {
        if (!after || !previous) return page.jobs;
        const seen = new Set(previous.map((job) => job.id));
        return [...previous, ...page.jobs.filter((job) => !seen.has(job.id))];
      });
      setCursor(page.next_cursor);
    } catch (e) {
      if (seq === latest.current) setError(describeError(e));
    } finally {
      if (seq === latest.current) setLoading(false);
    }
  }
  useEffect(() => {
    load(null);
  }, [status, version]);

  return html`
    <div class="toolbar">
      <div class="field"><label for="history-status">Status</label>
        <select id="history-status" name="history-status" value=${status} onChange=${(/** @type {Event} */ e) => setStatus(inputValue(e))}>
          <option value="">all</option>
          ${STATUSES.map((s) => html`<option value=${s}>${s}</option>`)}
        </select>
      </div>
    </div>
    ${error && html`<p class="error-text" role="alert">Could not load the history: ${error}</p>`}
    ${jobs !== null && jobs.length === 0 && html`<p class="empty">No ${status || ''} jobs${status ? '' : ' yet'}. ${status ? 'Pick another status.' : 'Jobs appear here once created.'}</p>`}
    ${jobs !== null &&
    jobs.length > 0 &&
    html`<div class="table-wrap"><table class="history">
      <thead><tr><th scope="col">Job</th><th scope="col">Status</th><th scope="col">Type</th><th scope="col">Platform · tenant</th><th scope="col">Range</th><th scope="col">Created</th><th scope="col">Duration</th><th scope="col">Outcome · error</th></tr></thead>
      <tbody>
        ${jobs.map(
          (job) => html`<tr key=${job.id} data-job-id=${String(job.id)}>
            <td>#${job.id}</td>
            <td><span class=${`badge ${job.status}`}>${job.status}</span></td>
            <td>${job.type}</td>
            <td>${job.platform} · ${job.tenant_id}</td>
            <td>${formatRange(job.config)}</td>
            <td>${formatTime(job.created_at)}</td>
            <td>${formatDuration(job.duration_seconds)}</td>
            <td class="outcome-cell">${job.outcome ?? '—'}${job.reason && job.reason !== job.outcome ? ` (${job.reason})` : ''}${job.error_summary ? html`<br /><span class="error-text">${job.error_summary}</span>` : ''}</td>
          </tr>`,
        )}
      </tbody>
    </table></div>`}
    ${cursor && html`<div class="actions"><button type="button" class="secondary" disabled=${loading} onClick=${() => load(cursor)}>${loading ? 'Loading…' : 'Load more'}</button></div>`}
  `;
}
