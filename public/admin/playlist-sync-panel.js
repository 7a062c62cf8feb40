// @ts-check
// Playlist sync (issue 13): a YouTube channel, its categories as lines `name: videoId, …` and the
// playlists they replace → Preview shows each stage's count and quota units → Start creates the
// `playlist-sync` job, which then shows among the active jobs. A 409 says why (no write access,
// or the channel's sync that is still active).
import { api, ApiError, describeError } from './api.js';
import { formatCount } from './format.js';
import { html, inputValue, useState } from './lib.js';
import { playlistSyncRequest } from './playlist-sync-request.js';
import { StageCosts } from './stage-costs.js';

/** @typedef {import('./types.js').Connection} Connection */

/** Google's write scope; a connection made without `access=write` lacks it. */
const WRITE_SCOPE = 'https://www.googleapis.com/auth/youtube.force-ssl';

/** @param {{ connections: Connection[], onCreated: (jobId: number) => void }} props */
export function PlaylistSyncPanel({ connections, onCreated }) {
  const channels = connections.filter((c) => c.platform === 'youtube');
  const [connectionId, setConnectionId] = useState('');
  const [categories, setCategories] = useState('');
  const [replace, setReplace] = useState('');
  const [deleteDespiteFailures, setDeleteDespiteFailures] = useState(false);
  const [problems, setProblems] = useState(/** @type {string[]} */ ([]));
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState(/** @type {{ body: unknown, plan: import('./types.js').PlaylistSyncPreview } | null} */ (null));
  const [outcome, setOutcome] = useState(/** @type {{ kind: 'ok' | 'error', text: string, jobId?: number } | null} */ (null));
  const writable = (/** @type {Connection} */ c) => c.status === 'active' && c.scopes.split(' ').includes(WRITE_SCOPE);
  const connection = channels.find((c) => String(c.id) === connectionId && writable(c)) ?? channels.find(writable);
  const edit = (/** @type {(value: string) => void} */ set) => (/** @type {Event} */ e) => {
    set(inputValue(e));
    setPreview(null); // a preview is of the request as it was
  };

  /** @param {Event} event */
  async function onPreview(event) {
    event.preventDefault();
    setOutcome(null);
    const request = playlistSyncRequest({ connection, categories, replace, deleteDespiteFailures });
    if ('problems' in request) return setProblems(request.problems);
    setProblems([]);
    setBusy(true);
    try {
      setPreview({ body: request.body, plan: await api('POST', '/api/admin/playlist-sync/preview', request.body) });
    } catch (error) {
      setPreview(null);
      setOutcome({ kind: 'error', text: `Preview refused: ${describeError(error)}` });
    } finally {
      setBusy(false);
    }
  }

  async function onStart() {
    if (!preview) return;
    setBusy(true);
    try {
      /** @type {import('./types.js').Job} */
      const job = await api('POST', '/api/admin/playlist-sync', preview.body);
      setOutcome({ kind: 'ok', text: `Playlist sync #${job.id} started: ${job.message}`, jobId: job.id });
      onCreated(job.id);
    } catch (error) {
      const held = error instanceof ApiError && error.jobId !== undefined ? error.jobId : undefined;
      setOutcome({ kind: 'error', text: `Not started: ${describeError(error)}`, ...(held === undefined ? {} : { jobId: held }) });
    } finally {
      setBusy(false);
      setPreview(null);
    }
  }

  if (channels.length === 0) return html`<p class="empty">No YouTube channel is connected. Connect one with write access (/api/oauth/youtube/start?access=write), then reload this page.</p>`;
  const plan = preview?.plan;
  return html`
    <form class="create playlist-sync-form" onSubmit=${onPreview} noValidate aria-label="Playlist sync">
      <div class="fields">
        <div class="field wide"><label for="sync-channel">Channel</label>
          <select id="sync-channel" name="channel" value=${connection ? String(connection.id) : ''} onChange=${edit(setConnectionId)}>
            ${channels.map((c) => html`<option value=${String(c.id)} disabled=${!writable(c)}>${c.tenant_id} · ${c.display_name ?? c.account_id} (${c.account_id})${writable(c) ? '' : c.status === 'active' ? ' — read only: reconnect with access=write' : ` — ${c.status}`}</option>`)}
          </select>
        </div>
        <div class="field wide"><label for="sync-categories">Categories <span class="hint">one a line: name: videoId, videoId, …</span></label>
          <textarea id="sync-categories" name="categories" rows="5" value=${categories} onInput=${edit(setCategories)}></textarea>
        </div>
        <div class="field wide"><label for="sync-replace">Playlists to replace <span class="hint">ids, deleted once every video is in place</span></label>
          <textarea id="sync-replace" name="replace" rows="2" value=${replace} onInput=${edit(setReplace)}></textarea>
        </div>
      </div>
      <label class="inline"><input name="delete_despite_failures" type="checkbox" checked=${deleteDespiteFailures}
        onChange=${(/** @type {Event} */ e) => { setDeleteDespiteFailures(/** @type {HTMLInputElement} */ (e.currentTarget).checked); setPreview(null); }} /> Delete the replaced playlists even if some videos were refused</label>
      ${problems.length > 0 && html`<ul class="problems" role="alert">${problems.map((p) => html`<li>${p}</li>`)}</ul>`}
      <div class="actions"><button type="submit" disabled=${busy}>Preview sync</button></div>
      ${plan &&
      html`<div class="sync-preview">
        <h3>Cost of this sync</h3>
        <${StageCosts} preview=${plan} label="Sync cost per stage" />
        ${plan.stages.add_videos.by_category.length > 0 &&
        html`<p class="muted">${plan.stages.add_videos.by_category.map((c) => `${c.category_name}: ${formatCount(c.video_count)} to add${c.already_present ? `, ${formatCount(c.already_present)} there already` : ''}`).join(' · ')}</p>`}
        <div class="actions"><button type="button" onClick=${onStart} disabled=${busy}>Start sync</button></div>
      </div>`}
      ${outcome &&
      html`<p class=${`outcome ${outcome.kind}`} role="status">
        ${outcome.text}${' '}${outcome.jobId !== undefined && html`<a href=${`#job-${outcome.jobId}`}>Show job #${outcome.jobId}</a>`}
      </p>`}
    </form>
  `;
}
