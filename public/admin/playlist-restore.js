// @ts-check
// Restore on an ended playlist sync: Preview asks what it would recreate (and its cost) in a
// dialog; Confirm creates the restore job, which then shows among the active jobs.
import { api, describeError } from './api.js';
import { formatCount } from './format.js';
import { html, useEffect, useRef, useState } from './lib.js';
import { StageCosts } from './stage-costs.js';

/** @param {{ job: import('./types.js').Job, onCreated: (jobId: number) => void }} props */
export function RestoreButton({ job, onCreated }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [plan, setPlan] = useState(/** @type {import('./types.js').PlaylistRestorePreview | null} */ (null));
  const [created, setCreated] = useState(/** @type {number | null} */ (null));
  const dialog = useRef(/** @type {HTMLDialogElement | null} */ (null));
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (plan && !element.open) element.showModal();
    if (!plan && element.open) element.close();
  }, [plan]);

  /** @param {boolean} preview */
  const send = (preview) => async () => {
    setBusy(true);
    setError('');
    try {
      const answer = await api('POST', `/api/admin/playlist-sync/${job.id}/restore`, preview ? { preview: true } : {});
      if (preview) setPlan(answer);
      else {
        setPlan(null);
        setCreated(answer.id);
        onCreated(answer.id);
      }
    } catch (e) {
      setPlan(null);
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return html`
    <button type="button" class="secondary" onClick=${send(true)} disabled=${busy}>Restore #${job.id}</button>
    ${created !== null && html`<span class="outcome ok" role="status">Restore job #${created} created. <a href=${`#job-${created}`}>Show job #${created}</a></span>`}
    ${error && html`<span class="error-text" role="alert">Restore refused: ${error}</span>`}
    <dialog ref=${dialog} aria-labelledby=${`restore-title-${job.id}`} onClose=${() => setPlan(null)}>
      ${plan &&
      html`<h3 id=${`restore-title-${job.id}`}>Restore what job #${job.id} deleted?</h3>
        <ul class="restore-playlists">${plan.playlists.map((p) => html`<li key=${p.snapshot_id}>${p.title} <span class="muted">(${p.playlist_id}, ${formatCount(p.video_count)} videos)</span></li>`)}</ul>
        <${StageCosts} preview=${plan.preview} label="Restore cost per stage" />
        <div class="actions">
          <button type="button" class="secondary" onClick=${() => setPlan(null)}>Back</button>
          <button type="button" onClick=${send(false)} disabled=${busy}>Confirm restore</button>
        </div>`}
    </dialog>
  `;
}
