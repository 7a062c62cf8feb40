// @ts-check
// Guarded data backfills (DESIGN.md "Guarded data backfills"): paste a plan to see its dry run;
// each run with its phase, batch progress, soak checks, health and approvals; Approve asks for
// a note (and an override reason past a failed phase); Rollback restores what the apply changed.
import { api, describeError } from './api.js';
import { formatCount, formatDuration, formatTime } from './format.js';
import { html, useCallback, useEffect, useState } from './lib.js';

/** @typedef {import('./types.js').DataBackfillRun} Run */

const POLL_MS = 2000;

export function DataBackfills() {
  const [runs, setRuns] = useState(/** @type {Run[] | null} */ (null));
  const [error, setError] = useState('');
  const refresh = useCallback(async () => {
    try {
      setRuns((await api('GET', '/api/admin/data-backfills')).runs);
      setError('');
    } catch (e) {
      setError(describeError(e));
    }
  }, []);
  useEffect(() => {
    refresh();
    const timer = setInterval(() => document.visibilityState !== 'hidden' && refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  return html`
    <${CreateRun} onCreated=${refresh} />
    ${error && html`<p class="error-text" role="alert">${error}</p>`}
    ${runs === null ? html`<p class="muted">Loading…</p>` : runs.length === 0 ? html`<p class="muted">No data-backfill runs yet.</p>`
      : html`<ul class="jobs runs" aria-label="Data-backfill runs">${runs.map((run) => html`<${RunItem} key=${run.id} run=${run} onChanged=${refresh} />`)}</ul>`}
  `;
}

/** @param {{ onCreated: () => void }} props */
function CreateRun({ onCreated }) {
  const [text, setText] = useState('');
  const [created, setCreated] = useState(/** @type {Run | null} */ (null));
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (/** @type {Event} */ e) => {
    e.preventDefault();
    setError('');
    setCreated(null);
    let plan;
    try {
      plan = JSON.parse(text);
    } catch (parseError) {
      setError(`The plan is not JSON: ${/** @type {Error} */ (parseError).message}`);
      return;
    }
    setBusy(true);
    try {
      setCreated(await api('POST', '/api/admin/data-backfills', { plan }));
      onCreated();
    } catch (apiError) {
      setError(describeError(apiError));
    } finally {
      setBusy(false);
    }
  };
  return html`
    <form class="create-run" onSubmit=${submit}>
      <label>Plan (JSON; its schema: <a href="/api/admin/data-backfills/schema.json">schema.json</a>, examples in examples/data-backfills/)
        <textarea name="plan" rows="8" spellcheck="false" value=${text} onInput=${(/** @type {Event} */ e) => setText(/** @type {HTMLTextAreaElement} */ (e.currentTarget).value)}></textarea>
      </label>
      <div class="actions"><button type="submit" disabled=${busy || text.trim() === ''}>Create run</button></div>
      ${error && html`<p class="error-text" role="alert">${error}</p>`}
      ${created?.plan && html`<p class="dry-run" role="status">Run #${created.id} planned: ${formatCount(created.plan.rows)} rows in ${formatCount(created.plan.batches)} batches, about ${formatDuration(created.plan.estimated_seconds)}. Nothing has changed: approve its apply below.</p>`}
    </form>
  `;
}

/** @param {{ run: Run, onChanged: () => void }} props */
function RunItem({ run, onChanged }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [approving, setApproving] = useState(false);
  const act = async (/** @type {string} */ suffix, /** @type {unknown} */ body) => {
    setBusy(true);
    setError('');
    try {
      await api('POST', `/api/admin/data-backfills/${run.id}/${suffix}`, body);
      setApproving(false);
      onChanged();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const apply = run.apply;
  const canRollBack = run.status !== 'running' && apply !== null && run.rollback === null && run.phase !== 'rollback' && run.definition.operation.kind === 'sql-update';
  return html`
    <li class="job run" data-run-id=${String(run.id)}>
      <div class="job-head">
        <h3>#${run.id} ${run.name}</h3>
        <span class=${`badge ${run.status}`}>${run.status.replace('_', ' ')}</span>
        <span class="muted">phase ${run.phase} · next ${run.next_phase ?? '—'}</span>
      </div>
      ${apply && html`<div class="bar">
        <progress max=${Math.max(apply.batches_total, 1)} value=${apply.batches_done} aria-label=${`Run ${run.id} batches`}></progress>
        <span class="percent">${formatCount(apply.batches_done)}/${formatCount(apply.batches_total)} batches · ${formatCount(apply.rows_changed)} rows changed</span>
      </div>`}
      <p class="message">${run.message}</p>
      ${run.soak && html`<ul class="soak-checks" aria-label=${`Run ${run.id} soak checks`}>${run.soak.checks.map((c) => html`<li key=${c.name}>
        <span class=${`badge ${c.passed ? 'succeeded' : 'failed'}`}>${c.passed ? 'pass' : 'fail'}</span> ${c.name}: ${c.value ?? '—'} ${c.op} ${c.threshold} (${c.samples} samples, ${c.failed_samples} failed)</li>`)}</ul>`}
      ${run.health && html`<p class="health">Health (${run.health.database}): ${formatCount(run.health.rows_remaining)} still need it. ${run.health.recommendation}</p>`}
      ${run.rollback && html`<p class=${run.rollback.conflicts.length ? 'error-text' : 'muted'}>Rolled back: ${formatCount(run.rollback.rows_restored)} restored, ${formatCount(run.rollback.conflicts.length)} conflicts${run.rollback.conflicts.length ? ` (${run.rollback.conflicts.slice(0, 5).map((c) => JSON.stringify(c.key)).join(', ')})` : ''}.</p>`}
      ${run.approvals.length > 0 && html`<ul class="approvals" aria-label=${`Run ${run.id} approvals`}>${run.approvals.map((a) => html`<li>${a.phase} approved by ${a.by}, ${formatTime(a.at)}: ${a.note}${a.override_reason ? ` (override: ${a.override_reason})` : ''}</li>`)}</ul>`}
      ${approving && run.next_phase
        ? html`<${ApproveForm} run=${run} busy=${busy} onCancel=${() => setApproving(false)} onApprove=${(/** @type {unknown} */ body) => act('approve', body)} />`
        : html`<div class="actions">
            ${run.next_phase && run.status !== 'running' && html`<button type="button" onClick=${() => setApproving(true)} disabled=${busy}>Approve ${run.next_phase}</button>`}
            ${canRollBack && html`<button type="button" class="danger" onClick=${() => act('rollback', undefined)} disabled=${busy}>Rollback #${run.id}</button>`}
          </div>`}
      ${error && html`<p class="error-text" role="alert">${error}</p>`}
    </li>
  `;
}

/** @param {{ run: Run, busy: boolean, onCancel: () => void, onApprove: (body: unknown) => void }} props */
function ApproveForm({ run, busy, onCancel, onApprove }) {
  const [note, setNote] = useState('');
  const [override, setOverride] = useState('');
  const failed = run.status === 'failed';
  const value = (/** @type {Event} */ e) => /** @type {HTMLInputElement} */ (e.currentTarget).value;
  const submit = (/** @type {Event} */ e) => {
    e.preventDefault();
    onApprove({ phase: run.next_phase, note: note.trim(), ...(failed ? { override_reason: override.trim() } : {}) });
  };
  return html`
    <form class="approve" onSubmit=${submit} aria-label=${`Approve ${run.next_phase} of run ${run.id}`}>
      <label>Note (why ${run.next_phase} may go on)<input name="note" required value=${note} onInput=${(/** @type {Event} */ e) => setNote(value(e))} /></label>
      ${failed && html`<label>Override reason (its ${run.failure?.phase ?? run.phase} phase failed)<input name="override_reason" required value=${override} onInput=${(/** @type {Event} */ e) => setOverride(value(e))} /></label>`}
      <div class="actions">
        <button type="submit" disabled=${busy}>Confirm approval of ${run.next_phase}</button>
        <button type="button" class="secondary" onClick=${onCancel}>Cancel</button>
      </div>
    </form>
  `;
}
