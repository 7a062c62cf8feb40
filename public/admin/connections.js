// @ts-check
// Each tenant's connected accounts with status, so a `needs_reauth` one is seen, and what each
// grant cannot read (`limitations`, e.g. Shopify orders older than 60 days), so a gap is explained.
import { formatTime } from './format.js';
import { html } from './lib.js';

/** @param {{ connections: import('./types.js').Connection[] | null, error: string }} props */
export function Connections({ connections, error }) {
  if (error) return html`<p class="error-text" role="alert">Could not load the connections: ${error}. Reload the page to try again.</p>`;
  if (connections === null) return html`<p class="muted">Loading…</p>`;
  if (connections.length === 0) return html`<p class="empty">No accounts connected. Connect one through its OAuth start endpoint (README "Connecting accounts").</p>`;
  return html`<div class="table-wrap"><table class="connections">
    <thead><tr><th scope="col">Tenant</th><th scope="col">Platform</th><th scope="col">Account</th><th scope="col">Status</th><th scope="col">Connected</th><th scope="col">Last error</th></tr></thead>
    <tbody>
      ${connections.map(
        (c) => html`<tr data-connection-id=${String(c.id)}>
          <td>${c.tenant_id}</td>
          <td>${c.platform}</td>
          <td>${c.display_name ?? '—'}<br /><span class="muted">${c.account_id}</span></td>
          <td>
            <span class=${`badge ${c.status}`}>${c.status}</span>${c.status === 'needs_reauth' ? html`<br /><span class="muted">reconnect this account</span>` : ''}
            ${c.limitations.map((limitation) => html`<p class="muted limitation">${limitation}</p>`)}
          </td>
          <td>${formatTime(c.created_at)}</td>
          <td>${c.last_error ?? '—'}</td>
        </tr>`,
      )}
    </tbody>
  </table></div>`;
}
