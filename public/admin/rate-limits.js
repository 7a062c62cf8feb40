// @ts-check
// Per-budget limits, editable: a changed field is sent, an emptied one goes back to the
// default (null); the API's `issues` show beside the form. Each budget key's usage of its window shows below its form.
import { api, ApiError, describeError } from './api.js';
import { html, inputValue, useEffect, useState } from './lib.js';

/** @typedef {import('./types.js').Limits} Limits */
/** @typedef {import('./types.js').BudgetConfig} BudgetConfig */
/** @typedef {import('./types.js').Usage} Usage */

/** @type {{ key: keyof Limits, label: string, hint: string }[]} */
const FIELDS = [
  { key: 'requests_per_second', label: 'Requests per second', hint: '0.2 – 10000' },
  { key: 'daily_quota', label: 'Daily quota (units)', hint: 'whole number; empty: default' },
  { key: 'backfill_share', label: 'Backfill share', hint: '0 – 1' },
  { key: 'concurrency', label: 'Concurrency', hint: "1 – the dispatcher's lanes (DISPATCH_CONCURRENCY)" },
];

/**
 * Text in an input → what the PUT sends: null for empty (the default), the number as typed, or
 * undefined when it is no number ("1,000", "fast"): never sent, since JSON would turn NaN into
 * null, which resets the field to its default.
 */
function fieldValue(/** @type {string} */ text) {
  if (text.trim() === '') return null;
  const number = Number(text.trim());
  return Number.isFinite(number) ? number : undefined;
}

/** @param {{ name: string, limits: BudgetConfig, onSaved: (config: any) => void }} props */
function Budget({ name, limits, onSaved }) {
  const initial = () => Object.fromEntries(FIELDS.map((f) => [f.key, limits[f.key] === null ? '' : String(limits[f.key])]));
  const [values, setValues] = useState(initial);
  const [issues, setIssues] = useState(/** @type {string[]} */ ([]));
  const [saved, setSaved] = useState('');
  useEffect(() => setValues(initial()), [JSON.stringify(limits)]);

  /** @param {Event} event */
  async function onSubmit(event) {
    event.preventDefault();
    setIssues([]);
    setSaved('');
    /** @type {Record<string, number | null>} */
    const patch = {};
    /** @type {string[]} */
    const notNumbers = [];
    for (const field of FIELDS) {
      const before = limits[field.key] === null ? '' : String(limits[field.key]);
      if ((values[field.key] ?? '') === before) continue;
      const value = fieldValue(values[field.key] ?? '');
      if (value === undefined) notNumbers.push(`${field.key}: "${values[field.key]}" is not a number (digits and a decimal point; empty for the default)`);
      else patch[field.key] = value;
    }
    if (notNumbers.length > 0) return setIssues(notNumbers);
    if (Object.keys(patch).length === 0) return setSaved('Nothing changed.');
    try {
      onSaved(await api('PUT', '/api/admin/backfill/config/rate-limit', { platforms: { [name]: patch } }));
      setSaved('Saved; takes effect from the next dispatch.');
    } catch (error) {
      setIssues(error instanceof ApiError && error.issues.length > 0 ? error.issues.map((i) => `${i.path.replace(`platforms.${name}.`, '')}: ${i.message}`) : [describeError(error)]);
    }
  }

  return html`
    <form class="budget" onSubmit=${onSubmit} noValidate aria-label=${`Rate limits of ${name}`}>
      <h3>${name}</h3>
      <div class="fields">
        ${FIELDS.map(
          (f) => html`<div class="field">
            <label for=${`limit-${name}-${f.key}`}>${f.label}</label>
            <input id=${`limit-${name}-${f.key}`} name=${`${name}.${f.key}`} inputmode="decimal" value=${values[f.key]} placeholder="default"
              aria-describedby=${`limit-${name}-${f.key}-hint`} onInput=${(/** @type {Event} */ e) => setValues({ ...values, [f.key]: inputValue(e) })} />
            <span class="hint" id=${`limit-${name}-${f.key}-hint`}>${f.hint}</span>
          </div>`,
        )}
      </div>
      ${limits.usage.length > 0
        ? html`<ul class="usage">${limits.usage.map((u) => html`<li>${usageLine(u, limits.daily_quota)}</li>`)}</ul>`
        : html`<p class="muted">Usage: no calls counted in this window yet.</p>`}
      ${issues.length > 0 && html`<ul class="problems" role="alert">${issues.map((i) => html`<li>${i}</li>`)}</ul>`}
      <div class="actions"><button type="submit">Save ${name}</button>${saved && html`<span class="outcome ok" role="status">${saved}</span>`}</div>
    </form>
  `;
}

/** One key's window: what was used, what is left, and why calls wait if they do. */
function usageLine(/** @type {Usage} */ u, /** @type {number | null} */ quota) {
  const left = quota === null ? '' : `, ${Math.max(0, quota - u.used)} left`;
  const line = `${u.key}: ${u.window} from ${u.window_start}: ${u.used} used (${u.backfill_used} by backfills)${left}`;
  if (!u.blocked) return line;
  const who = u.blocked.backfill_only ? 'backfills wait' : 'calls wait';
  return `${line}; ${who} ${u.blocked.until === null ? 'until a person raises the limit' : `until ${u.blocked.until}`}: ${u.blocked.reason}`;
}

export function RateLimits() {
  const [config, setConfig] = useState(/** @type {{ platforms: Record<string, BudgetConfig> } | null} */ (null));
  const [error, setError] = useState('');
  useEffect(() => {
    api('GET', '/api/admin/backfill/config/rate-limit').then(setConfig, (e) => setError(describeError(e)));
  }, []);
  if (error) return html`<p class="error-text" role="alert">Could not load the rate limits: ${error}. Reload the page to try again.</p>`;
  if (!config) return html`<p class="muted">Loading…</p>`;
  const names = Object.keys(config.platforms).sort();
  if (names.length === 0) return html`<p class="empty">No platform declares a budget: enable a connector to tune its limits.</p>`;
  return html`<div class="budgets">${names.map((name) => html`<${Budget} key=${name} name=${name} limits=${config.platforms[name]} onSaved=${setConfig} />`)}</div>`;
}
