// @ts-check
// Create a job: type, platform, connection, range (days back or dates), force → Preview shows
// the plan's numbers in a dialog → Confirm creates it. A 409 names the job holding the scope.
import { api, ApiError, describeError } from './api.js';
import { formatCount, formatDuration, formatRange } from './format.js';
import { html, inputValue, useEffect, useRef, useState } from './lib.js';

/** @typedef {import('./types.js').Connection} Connection */
/** @typedef {import('./types.js').Preview} Preview */

/** The words for the parts of `cost_breakdown` the page knows (lib/connectors/youtube/daily-channel.planner.ts); others show by their key. */
/** @type {Record<string, (count: string) => string>} */
const COST_PARTS = {
  top_list_calls: (count) => `${count} top lists`,
  tail_calls_max: (count) => `at most ${count} tail videos`,
};

/** ` (14 top lists + at most 2,695 tail videos)`, or nothing when the preview has no breakdown. */
function costParts(/** @type {Preview} */ plan) {
  const parts = Object.entries(plan.cost_breakdown ?? {}).map(([key, count]) => (COST_PARTS[key] ?? ((/** @type {string} */ text) => `${text} ${key}`))(formatCount(count)));
  return parts.length === 0 ? '' : ` (${parts.join(' + ')})`;
}

const JOB_TYPES = ['data-collection', 'analytics-generation'];
/** DESIGN.md: a range is at most this many days (lib/shared/date-range.ts MAX_RANGE_DAYS). */
const MAX_DAYS = 3660;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The request body, or the problems with the form (each names its field).
 * @param {{ type: string, connection: Connection | undefined, mode: string, days: string, start: string, end: string, force: boolean }} form
 * @returns {{ body: Record<string, unknown> } | { problems: string[] }}
 */
export function jobRequest(form) {
  const problems = [];
  if (!form.connection) problems.push('Connection: pick one (connect an account first if the list is empty).');
  /** @type {Record<string, unknown>} */
  const range = {};
  if (form.mode === 'days') {
    const days = Number(form.days);
    if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) problems.push(`Days: a whole number from 1 to ${MAX_DAYS}.`);
    else range['days'] = days;
  } else {
    if (!ISO_DAY.test(form.start)) problems.push('Start date: required.');
    if (!ISO_DAY.test(form.end)) problems.push('End date: required.');
    if (ISO_DAY.test(form.start) && ISO_DAY.test(form.end) && form.start > form.end) problems.push('Start date: must not be after the end date.');
    range['start_date'] = form.start;
    range['end_date'] = form.end;
  }
  if (problems.length > 0 || !form.connection) return { problems };
  const { connection } = form;
  return {
    body: { type: form.type, platform: connection.platform, tenant_id: connection.tenant_id, connection_id: connection.id, ...range, ...(form.force ? { force: true } : {}) },
  };
}

/**
 * @param {{ connections: Connection[], onCreated: (jobId: number) => void }} props
 */
export function CreateJob({ connections, onCreated }) {
  const platforms = [...new Set(connections.map((c) => c.platform))].sort();
  const [type, setType] = useState(JOB_TYPES[0] ?? 'data-collection');
  const [platform, setPlatform] = useState('');
  const [connectionId, setConnectionId] = useState('');
  const [mode, setMode] = useState('days');
  const [days, setDays] = useState('7');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [force, setForce] = useState(false);
  const [problems, setProblems] = useState(/** @type {string[]} */ ([]));
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState(/** @type {{ body: Record<string, unknown>, plan: Preview } | null} */ (null));
  const [outcome, setOutcome] = useState(/** @type {{ kind: 'ok' | 'error' | 'held', text: string, jobId?: number } | null} */ (null));
  const dialog = useRef(/** @type {HTMLDialogElement | null} */ (null));

  const chosenPlatform = platform || platforms[0] || '';
  const choices = connections.filter((c) => c.platform === chosenPlatform);
  // A connection that needs re-authorization cannot run a job: it is listed, but not chosen.
  const connection = choices.find((c) => String(c.id) === connectionId && c.status === 'active') ?? choices.find((c) => c.status === 'active');

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (preview && !element.open) element.showModal();
    if (!preview && element.open) element.close();
  }, [preview]);

  /** @param {Event} event */
  async function onPreview(event) {
    event.preventDefault();
    setOutcome(null);
    const request = jobRequest({ type, connection, mode, days, start, end, force });
    if ('problems' in request) return setProblems(request.problems);
    setProblems([]);
    setBusy(true);
    try {
      setPreview({ body: request.body, plan: await api('POST', '/api/admin/backfill/preview', request.body) });
    } catch (error) {
      setOutcome({ kind: 'error', text: `Preview refused: ${describeError(error)}` });
    } finally {
      setBusy(false);
    }
  }

  async function onConfirm() {
    if (!preview) return;
    setBusy(true);
    try {
      /** @type {import('./types.js').Job} */
      const job = await api('POST', '/api/admin/backfill', preview.body);
      setOutcome({ kind: 'ok', text: `Job #${job.id} created: ${job.message}`, jobId: job.id });
      onCreated(job.id);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.jobId !== undefined) {
        setOutcome({ kind: 'held', text: `Not created: job #${error.jobId} already holds this scope. Cancel or wait for it, or watch it below.`, jobId: error.jobId });
      } else {
        setOutcome({ kind: 'error', text: `Not created: ${describeError(error)}` });
      }
    } finally {
      setBusy(false);
      setPreview(null);
    }
  }

  if (connections.length === 0) {
    return html`<p class="empty">No connected accounts yet, so there is nothing to collect. Connect one first (README "Connecting accounts"), then reload this page.</p>`;
  }
  const plan = preview?.plan;
  return html`
    <form class="create" onSubmit=${onPreview} noValidate>
      <div class="fields">
        <div class="field"><label for="create-type">Job type</label>
          <select id="create-type" name="type" value=${type} onChange=${(/** @type {Event} */ e) => setType(inputValue(e))}>
            ${JOB_TYPES.map((t) => html`<option value=${t}>${t}</option>`)}
          </select>
        </div>
        <div class="field"><label for="create-platform">Platform</label>
          <select id="create-platform" name="platform" value=${chosenPlatform} onChange=${(/** @type {Event} */ e) => { setPlatform(inputValue(e)); setConnectionId(''); }}>
            ${platforms.map((p) => html`<option value=${p}>${p}</option>`)}
          </select>
        </div>
        <div class="field wide"><label for="create-connection">Connection</label>
          <select id="create-connection" name="connection" value=${connection ? String(connection.id) : ''} onChange=${(/** @type {Event} */ e) => setConnectionId(inputValue(e))}>
            ${choices.map((c) => html`<option value=${String(c.id)} disabled=${c.status !== 'active'}>${c.tenant_id} · ${c.display_name ?? c.account_id} (${c.account_id})${c.status === 'active' ? '' : ` — ${c.status}: reconnect it first`}</option>`)}
          </select>
        </div>
      </div>
      <fieldset>
        <legend>Range</legend>
        <label class="inline"><input type="radio" name="mode" value="days" checked=${mode === 'days'} onChange=${() => setMode('days')} /> Last days</label>
        <label class="inline"><input type="radio" name="mode" value="dates" checked=${mode === 'dates'} onChange=${() => setMode('dates')} /> Date range</label>
        <div class="fields">
          ${mode === 'days'
            ? html`<label>Days back<input name="days" type="number" min="1" max=${MAX_DAYS} step="1" value=${days} onInput=${(/** @type {Event} */ e) => setDays(inputValue(e))} /></label>`
            : html`<label>Start date<input name="start_date" type="date" value=${start} onInput=${(/** @type {Event} */ e) => setStart(inputValue(e))} /></label>
                <label>End date<input name="end_date" type="date" value=${end} onInput=${(/** @type {Event} */ e) => setEnd(inputValue(e))} /></label>`}
        </div>
      </fieldset>
      <label class="inline"><input name="force" type="checkbox" checked=${force} onChange=${(/** @type {Event} */ e) => setForce(/** @type {HTMLInputElement} */ (e.currentTarget).checked)} /> Force: run chunks that already finished again</label>
      ${problems.length > 0 && html`<ul class="problems" role="alert">${problems.map((p) => html`<li>${p}</li>`)}</ul>`}
      <div class="actions"><button type="submit" disabled=${busy}>Preview</button></div>
      ${outcome &&
      html`<p class=${`outcome ${outcome.kind}`} role="status">
        ${outcome.text}${' '}${outcome.jobId !== undefined && html`<a href=${`#job-${outcome.jobId}`}>Show job #${outcome.jobId}</a>`}
      </p>`}
    </form>
    <dialog ref=${dialog} aria-labelledby="preview-title" onClose=${() => setPreview(null)}>
      ${plan &&
      html`<h3 id="preview-title">Create this ${plan.type} job?</h3>
        <p>${plan.tenant_id} · ${plan.platform} · ${plan.account_id} · ${formatRange(plan.config)}</p>
        <dl class="numbers">
          <dt>Tasks</dt><dd>${formatCount(plan.tasks)}</dd>
          <dt>Chunks already done (skipped)</dt><dd>${formatCount(plan.skipped)}</dd>
          <dt>Running in another job</dt><dd>${formatCount(plan.in_flight)}</dd>
          <dt>To run</dt><dd>${formatCount(plan.to_run)}</dd>
          <dt>API calls</dt><dd>${formatCount(plan.api_calls)}${costParts(plan)}</dd>
          <dt>Quota units</dt><dd>${formatCount(plan.quota_units)}</dd>
          ${plan.also_spends && plan.also_spends.length > 0 &&
          html`<dt>Also spends</dt><dd>${plan.also_spends.map((spend) => `${formatCount(spend.quota_units)} ${spend.budget} ${spend.quota_units === 1 ? 'unit' : 'units'}`).join(', ')}</dd>`}
          <dt>Estimated duration</dt><dd>${formatDuration(plan.estimated_seconds)}</dd>
          <dt>Estimated days (daily quota)</dt><dd>${plan.estimated_days === null ? 'no daily quota' : formatCount(plan.estimated_days)}</dd>
        </dl>
        ${plan.active_job_id !== null &&
        html`<p class="warning">Job #${plan.active_job_id} is active for this scope${plan.active_job_stale ? ' but has made no progress for 10 minutes: creating takes it over.' : ': creating will be refused.'}</p>`}
        <div class="actions">
          <button type="button" class="secondary" onClick=${() => setPreview(null)}>Back</button>
          <button type="button" onClick=${onConfirm} disabled=${busy}>Confirm</button>
        </div>`}
    </dialog>
  `;
}
