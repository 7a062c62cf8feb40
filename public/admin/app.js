// @ts-check
// The admin page: a token prompt, then create / active jobs (polled every 2 s) / history /
// rate limits / connections / data backfills. Everything the API says is rendered as text by Preact.
import { api, describeError, token, whenUnauthorized } from './api.js';
import { Connections } from './connections.js';
import { CreateJob } from './create-job.js';
import { DataBackfills } from './data-backfills.js';
import { ActiveJobs, History } from './jobs.js';
import { html, inputValue, preact, useCallback, useEffect, useRef, useState } from './lib.js';
import { PlaylistSyncPanel } from './playlist-sync-panel.js';
import { RateLimits } from './rate-limits.js';

const POLL_MS = 2000;
const CONNECTIONS_MS = 30_000;
/** Active jobs shown; more are named, and reachable through History's status filter. */
const ACTIVE_LIMIT = 50;

/** @param {{ refused: boolean, onToken: (value: string) => void }} props */
function TokenPrompt({ refused, onToken }) {
  const [value, setValue] = useState('');
  return html`
    <main class="prompt">
      <h1>Sluice admin</h1>
      <form onSubmit=${(/** @type {Event} */ e) => { e.preventDefault(); if (value.trim()) onToken(value.trim()); }}>
        <label>Admin token
          <input name="token" type="password" autocomplete="off" required value=${value} onInput=${(/** @type {Event} */ e) => setValue(inputValue(e))} />
        </label>
        <p class="muted">The server's ADMIN_TOKEN (locally in .data/dev-secrets.env). Kept in this tab's session storage only.</p>
        ${refused && html`<p class="error-text" role="alert">That token was refused (401). Check it and enter it again.</p>`}
        <div class="actions"><button type="submit">Open</button></div>
      </form>
    </main>
  `;
}

/** @param {{ onSignOut: () => void }} props */
function Dashboard({ onSignOut }) {
  const [active, setActive] = useState(/** @type {import('./types.js').Job[] | null} */ (null));
  const [activeError, setActiveError] = useState('');
  const [connections, setConnections] = useState(/** @type {import('./types.js').Connection[] | null} */ (null));
  const [connectionsError, setConnectionsError] = useState('');
  const [version, setVersion] = useState(0);
  const [now, setNow] = useState(Date.now());
  const [highlight, setHighlight] = useState(/** @type {number | null} */ (null));
  const [moreActive, setMoreActive] = useState(false);
  // Jobs this page watched that have ended since: kept, with their final state, until dismissed,
  // so a finished job shows its 100% (or why it stopped) instead of vanishing from the list.
  const [ended, setEnded] = useState(/** @type {import('./types.js').Job[]} */ ([]));
  const watched = useRef(/** @type {Set<number>} */ (new Set()));

  // One poll at a time: the next is scheduled when one ends, so a slow answer can neither pile
  // up requests nor be overwritten by an older one; a hidden tab does not poll.
  const pollSeq = useRef(0);
  const poll = useCallback(async () => {
    const seq = ++pollSeq.current;
    try {
      /** @type {{ jobs: import('./types.js').Job[], next_cursor: string | null }} */
      const page = await api('GET', `/api/admin/backfill/jobs?status=pending,running,paused&limit=${ACTIVE_LIMIT}`);
      const live = new Set(page.jobs.map((job) => job.id));
      const gone = [...watched.current].filter((id) => !live.has(id));
      // The list leaves out the per-scope detail and the budget: each job's own GET has them.
      const show = (/** @type {number} */ id) => api('GET', `/api/admin/backfill/${id}`).catch(() => null);
      const [details, finals] = await Promise.all([Promise.all(page.jobs.map((job) => show(job.id))), Promise.all(gone.map(show))]);
      if (seq !== pollSeq.current) return; // a newer poll (a command's) answers instead
      watched.current = live;
      if (finals.some(Boolean)) {
        setEnded((previous) => [...finals.filter(Boolean), ...previous.filter((job) => !gone.includes(job.id))]);
        setVersion((v) => v + 1); // the history shows how they ended
        refreshConnections(); // a job that stopped may have found its connection needs re-authorization
      }
      setActive(page.jobs.map((job, i) => details[i] ?? job));
      setMoreActive(page.next_cursor !== null);
      setActiveError('');
    } catch (error) {
      if (seq === pollSeq.current) setActiveError(describeError(error));
    }
    setNow(Date.now());
  }, []);
  useEffect(() => {
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    let stopped = false;
    const loop = async () => {
      if (document.visibilityState !== 'hidden') await poll();
      if (!stopped) timer = setTimeout(loop, POLL_MS);
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') poll();
    };
    loop();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [poll]);
  const refreshConnections = useCallback(() => {
    api('GET', '/api/admin/connections').then(
      (answer) => {
        setConnections(answer.connections);
        setConnectionsError('');
      },
      (error) => setConnectionsError(describeError(error)),
    );
  }, []);
  // Connections change outside the page (a reconnect, a lost grant): read again now and then.
  useEffect(() => {
    refreshConnections();
    const timer = setInterval(() => document.visibilityState !== 'hidden' && refreshConnections(), CONNECTIONS_MS);
    addEventListener('focus', refreshConnections);
    return () => {
      clearInterval(timer);
      removeEventListener('focus', refreshConnections);
    };
  }, [refreshConnections]);
  // A link to #job-N (a 409, a created job) highlights that job.
  useEffect(() => {
    const onHash = () => {
      const id = Number(/^#job-(\d+)$/.exec(location.hash)?.[1]);
      setHighlight(Number.isInteger(id) && id > 0 ? id : null);
    };
    onHash();
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const changed = () => {
    setVersion((v) => v + 1);
    poll();
  };

  return html`
    <header class="top">
      <h1>Sluice admin</h1>
      <nav aria-label="Sections"><a href="#create">Create</a> <a href="#playlist-sync">Playlist sync</a> <a href="#active">Active</a> <a href="#history">History</a> <a href="#limits">Rate limits</a> <a href="#connections">Connections</a> <a href="#data-backfills">Data backfills</a></nav>
      <button type="button" class="secondary" onClick=${onSignOut}>Forget token</button>
    </header>
    <main>
      <section id="create" aria-labelledby="create-title"><h2 id="create-title">Create a job</h2>
        ${connectionsError ? html`<p class="error-text" role="alert">Could not load the connections to pick from: ${connectionsError}</p>` : connections === null ? html`<p class="muted">Loading…</p>` : html`<${CreateJob} connections=${connections} onCreated=${changed} />`}
      </section>
      <section id="playlist-sync" aria-labelledby="playlist-sync-title"><h2 id="playlist-sync-title">Playlist sync</h2>
        ${connectionsError ? html`<p class="error-text" role="alert">Could not load the connections to pick from: ${connectionsError}</p>` : connections === null ? html`<p class="muted">Loading…</p>` : html`<${PlaylistSyncPanel} connections=${connections} onCreated=${changed} />`}
      </section>
      <section id="active" aria-labelledby="active-title"><h2 id="active-title">Active jobs</h2>
        <${ActiveJobs} jobs=${active} ended=${ended} error=${activeError} now=${now} onChanged=${changed} highlight=${highlight}
          onDismiss=${(/** @type {number} */ id) => setEnded((previous) => previous.filter((job) => job.id !== id))} />
        ${moreActive && html`<p class="muted">More than ${ACTIVE_LIMIT} jobs are active: the others are in History (filter by status).</p>`}
      </section>
      <section id="history" aria-labelledby="history-title"><h2 id="history-title">History</h2><${History} version=${version} /></section>
      <section id="limits" aria-labelledby="limits-title"><h2 id="limits-title">Rate limits</h2><${RateLimits} /></section>
      <section id="connections" aria-labelledby="connections-title"><h2 id="connections-title">Connections</h2>
        <${Connections} connections=${connections} error=${connectionsError} />
      </section>
      <section id="data-backfills" aria-labelledby="data-backfills-title"><h2 id="data-backfills-title">Data backfills</h2><${DataBackfills} /></section>
    </main>
  `;
}

function App() {
  const [hasToken, setHasToken] = useState(token.get() !== null);
  const [refused, setRefused] = useState(false);
  useEffect(() => {
    whenUnauthorized(() => {
      setRefused(true);
      setHasToken(false);
    });
  }, []);
  if (!hasToken) {
    return html`<${TokenPrompt} refused=${refused} onToken=${(/** @type {string} */ value) => { token.set(value); setRefused(false); setHasToken(true); }} />`;
  }
  return html`<${Dashboard} onSignOut=${() => { token.clear(); setRefused(false); setHasToken(false); }} />`;
}

const root = document.getElementById('app');
if (root) preact.render(html`<${App} />`, root);
