import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PRINTIFY_SIM_TOKEN } from '../../dev/local-server/commerce-simulators.js';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { toDbJson, toDbTime } from '../../db/values.js';
import { latestReportDay } from '../../lib/connectors/youtube/youtube-calendar.js';
import { addDays } from '../../lib/shared/calendar-days.js';
import { ADMIN_PAGE_CSP } from '../../scripts/vercel-output/static-headers.js';
import { startSimulatedServer, type SimulatedServer } from '../support/simulated-server.js';
import type { TestDatabase } from '../support/test-databases.js';
import { testEnv } from '../support/test-env.js';

// The admin page (issue 9) in a real browser: Debian's chromium driven headless by
// playwright-core, against the local server in-process with the YouTube simulator. The test
// plays the operator (token, preview → confirm, watch, cancel, pause/resume, history filter,
// rate limits, a wrong token) and the cron (dispatches through the cron endpoint); it fails on
// any console error or page error the step did not cause on purpose, and saves a screenshot of
// each main state at 1440 px and 375 px.
const ADMIN = 'admin-token-browser';
const CRON = 'cron-secret-browser';
const XSS = '<img src=x onerror=window.__xss=1>';
/** A connection made with `access=write` (issue 13): the playlist sync needs youtube.force-ssl. */
const WRITE_GRANT = 'https://www.googleapis.com/auth/yt-analytics.readonly https://www.googleapis.com/auth/youtube.readonly https://www.googleapis.com/auth/youtube.force-ssl';
/** The page's globals a function run in it uses: the tests are type-checked without the DOM library, and a string would be eval, which the page's CSP refuses. */
type PageGlobal = { document: { querySelectorAll(selector: string): Iterable<{ textContent: string | null }> } };
const haveChromium = existsSync(testEnv.chromiumPath);
// Locally a machine without chromium skips; in CI (.ci/run installs it) it must run.
const suite = haveChromium || testEnv.ci ? describe : describe.skip;

suite('admin page in chromium', () => {
  let database: TestDatabase;
  let server: SimulatedServer;
  let browser: Browser;
  let page: Page;
  let shots: string;
  let acme: { connection_id: number; channel_id: string };
  let globex: { connection_id: number; channel_id: string };
  /** Console errors and page errors since the last check. */
  let consoleErrors: string[] = [];
  const latest = latestReportDay(new Date());
  const R1 = { start: addDays(latest, -41), end: addDays(latest, -28) };
  const R2 = { start: addDays(latest, -69), end: addDays(latest, -56) };

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`no chromium at ${testEnv.chromiumPath}: apt-get install -y --no-install-recommends chromium (.ci/run does)`);
    const started = await startSimulatedServer({
      // One engine is enough for the page: SQLite, unless TEST_ENGINES leaves it out (TEST_ENGINES=mysql).
      engine: testEnv.engines.includes('sqlite') ? 'sqlite' : 'mysql',
      admin: ADMIN,
      cron: CRON,
      client: { id: 'browser-client', secret: 'browser-secret' },
      // bigchan fills its top-videos report (200 rows) on most days: its chunks fetch a tail.
      simulator: { videosPerChannel: 2, channels: { bigchan: { videos: 260 } } },
      env: { YOUTUBE_BACKFILL_DAYS: '14', YOUTUBE_REQUESTS_PER_SECOND: '100' },
    });
    server = started;
    database = started.database;
    const connect = async (tenant: string) => {
      const response = await fetch(`${server.url}/api/oauth/youtube/exchange`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tenant_id: tenant, code: `sim-code-${tenant}` }),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as { connection_id: number; channel_id: string };
    };
    acme = await connect('acme');
    globex = await connect('globex');
    await dispatchUntilIdle(); // the exchanges' backfills, so the page starts with a free scope
    shots = await mkdtemp(join(tmpdir(), 'sluice-admin-screenshots-'));
    console.log(`admin page screenshots: ${shots}`);
    browser = await chromium.launch({ executablePath: testEnv.chromiumPath, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** No console error since the last check but the failed requests the step caused on purpose. */
  function expectNoConsoleErrors(expectedStatuses: number[] = []) {
    const allowed = new RegExp(`^Failed to load resource: the server responded with a status of (${expectedStatuses.join('|') || 'none'})\\b`);
    const errors = consoleErrors.filter((text) => !allowed.test(text));
    consoleErrors = [];
    expect(errors).toEqual([]);
  }
  async function dispatch(): Promise<{ remaining: number }> {
    const response = await fetch(`${server.url}/api/jobs/dispatch`, { method: 'POST', headers: { authorization: `Bearer ${CRON}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as { remaining: number };
  }
  async function dispatchUntilIdle() {
    for (let round = 0; round < 10; round++) if ((await dispatch()).remaining === 0) return;
    throw new Error('the queue did not drain');
  }
  async function screenshot(name: string) {
    await page.screenshot({ path: join(shots, `${name}-1440.png`), fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: join(shots, `${name}-375.png`), fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
  }
  const job = (id: number) => page.locator(`li.job[data-job-id="${id}"]`);
  const statusOf = (id: number) => job(id).locator('.job-head .badge');
  async function waitForText(locator: Locator, text: string | RegExp, timeout = 10_000) {
    await locator.filter({ hasText: text }).first().waitFor({ timeout });
  }
  /** Fills the create form (acme's connection) and opens the preview dialog. */
  async function previewJob(range: { days: number } | { start: string; end: string }) {
    await page.getByLabel('Job type').selectOption('data-collection');
    await page.getByLabel('Connection', { exact: true }).selectOption(String(acme.connection_id));
    if ('days' in range) {
      await page.getByLabel('Last days').check();
      await page.getByLabel('Days back').fill(String(range.days));
    } else {
      await page.getByLabel('Date range').check();
      await page.getByLabel('Start date').fill(range.start);
      await page.getByLabel('End date').fill(range.end);
    }
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await page.locator('dialog[open]').waitFor();
  }
  /** Preview → Confirm; answers the created job's id from the page's own words. */
  async function createJob(range: { days: number } | { start: string; end: string }): Promise<number> {
    await previewJob(range);
    await page.getByRole('button', { name: 'Confirm' }).click();
    const outcome = page.locator('.outcome.ok');
    await outcome.waitFor();
    const id = Number(/Job #(\d+) created/.exec(await outcome.innerText())?.[1]);
    expect(id).toBeGreaterThan(0);
    await statusOf(id).waitFor();
    return id;
  }

  it('serves /admin with its CSP; asks for the token; a wrong one is refused, the right one opens the page', async () => {
    const response = await page.goto(`${server.url}/admin`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toBe(ADMIN_PAGE_CSP);
    await page.getByLabel('Admin token').waitFor();
    await screenshot('01-token-prompt');
    expectNoConsoleErrors();

    await page.getByLabel('Admin token').fill('not-the-token');
    await page.getByRole('button', { name: 'Open' }).click();
    await waitForText(page.getByRole('alert'), 'refused (401)');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expectNoConsoleErrors([401]);

    await page.getByLabel('Admin token').fill(ADMIN);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { name: 'Create a job' }).waitFor();
    await waitForText(page.locator('#active .empty'), 'No job is running');
    // The token is in this tab's sessionStorage, in no cookie and not in the URL.
    expect(await page.evaluate(() => Object.values({ ...sessionStorage }))).toEqual([ADMIN]);
    expect(await page.context().cookies()).toEqual([]);
    expect(page.url()).not.toContain(ADMIN);
    await waitForText(page.locator('#connections tbody tr'), 'globex');
    await screenshot('02-dashboard-empty');
    expectNoConsoleErrors();
  });

  it('checks the range before asking the API: a start after the end is named', async () => {
    await page.getByLabel('Date range').check();
    await page.getByLabel('Start date').fill(R1.end);
    await page.getByLabel('End date').fill(R1.start);
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await waitForText(page.locator('.problems'), 'Start date: must not be after the end date.');
    expect(await page.locator('dialog[open]').count()).toBe(0);
    expectNoConsoleErrors();
  });

  it('preview shows the plan’s numbers; confirm creates the job; its bar reaches 100% as dispatches run and the rows land', async () => {
    const rowsBefore = await countMetrics(acme.channel_id);
    await previewJob({ days: 28 });
    const numbers = page.locator('dialog[open] dl.numbers');
    // 28 days: 4 weekly chunks, 2 already fetched by the exchange's 14-day backfill.
    await waitForText(numbers, /Tasks\s*4/);
    expect(await numbers.innerText()).toMatch(/Chunks already done \(skipped\)\s*2/);
    expect(await numbers.innerText()).toMatch(/To run\s*2/);
    await screenshot('03-preview-dialog');
    await page.getByRole('button', { name: 'Confirm' }).click();
    const outcome = page.locator('.outcome.ok');
    await outcome.waitFor();
    const id = Number(/Job #(\d+) created/.exec(await outcome.innerText())?.[1]);
    await waitForText(statusOf(id), 'pending');
    expect(await job(id).locator('.percent').innerText()).toBe('0%');

    await dispatchUntilIdle();
    await waitForText(statusOf(id), 'succeeded');
    expect(await job(id).locator('.percent').innerText()).toBe('100%');
    expect(await job(id).locator('progress').getAttribute('value')).toBe('100');
    await job(id).locator('summary').click();
    await waitForText(job(id).locator('.scopes'), 'youtube.daily_channel');
    // The job's own tasks: the two chunks it had to run.
    expect(await job(id).locator('.scopes').innerText()).toMatch(/succeeded\s*2\/2 \(100%\)/);
    expect(await countMetrics(acme.channel_id)).toBeGreaterThan(rowsBefore);
    await screenshot('04-job-succeeded');
    expectNoConsoleErrors();
  });

  it('works from the keyboard: Enter on Preview opens the dialog, Escape closes it', async () => {
    await page.getByLabel('Date range').check();
    await page.getByLabel('Start date').fill(R1.start);
    await page.getByLabel('End date').fill(R1.end);
    await page.getByRole('button', { name: 'Preview', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.locator('dialog[open]').waitFor();
    // The dialog takes the focus (showModal), on its first button.
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string | null } | null } }).document.activeElement?.textContent)).toBe('Back');
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').waitFor({ state: 'detached' }).catch(() => undefined);
    expect(await page.locator('dialog[open]').count()).toBe(0);
    expectNoConsoleErrors();
  });

  it('a second job is cancelled from the page', async () => {
    const id = await createJob(R1);
    await page.getByRole('button', { name: `Cancel #${id}` }).click();
    await waitForText(statusOf(id), 'cancelled');
    expect(await job(id).getByRole('button', { name: `Pause #${id}` }).count()).toBe(0);
    const row = await database.db.selectFrom('backfill_jobs').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('cancelled');
    expectNoConsoleErrors();
  });

  it('a third is paused (a dispatch runs none of it), a create for its scope is 409 naming it, and resume lets it finish', async () => {
    const id = await createJob(R2);
    await page.getByRole('button', { name: `Pause #${id}` }).click();
    await waitForText(statusOf(id), 'paused');
    // The per-scope detail (from the job's own GET) and the budget in force.
    await job(id).locator('summary').click();
    await waitForText(job(id).locator('.scopes'), 'Fetching daily video metrics… 0/2 weekly chunks');
    expect(await job(id).innerText()).toContain('Rate limiter: 100 req/s');
    await dispatch();
    const tasks = await database.db.selectFrom('job_tasks').select('status').where('job_id', '=', id).execute();
    expect(tasks.map((task) => task.status)).not.toContain('succeeded');

    await previewJob(R1);
    await waitForText(page.locator('dialog[open] .warning'), `Job #${id} is active for this scope`);
    await page.getByRole('button', { name: 'Confirm' }).click();
    const held = page.locator('.outcome.held');
    await waitForText(held, `job #${id} already holds this scope`);
    await held.getByRole('link', { name: `Show job #${id}` }).click();
    await page.locator(`li.job.highlighted[data-job-id="${id}"]`).waitFor();
    await screenshot('05-paused-and-409');
    expectNoConsoleErrors([409]);

    await page.getByRole('button', { name: `Resume #${id}` }).click();
    await waitForText(statusOf(id), /pending|running/);
    await dispatchUntilIdle();
    await waitForText(statusOf(id), 'succeeded');
    expect(await job(id).locator('.percent').innerText()).toBe('100%');
    expectNoConsoleErrors();
  });

  it('history lists the jobs and filters them by status', async () => {
    const history = page.locator('#history');
    await page.reload();
    await waitForText(history.locator('tbody tr').first(), '#');
    const all = await history.locator('tbody tr').count();
    expect(all).toBeGreaterThanOrEqual(5);
    await history.getByLabel('Status').selectOption('cancelled');
    await page.waitForFunction(() => [...(globalThis as unknown as PageGlobal).document.querySelectorAll('#history tbody tr')].every((row) => row.textContent?.includes('cancelled')));
    expect(await history.locator('tbody tr').count()).toBe(1);
    await screenshot('06-history-cancelled');
    await history.getByLabel('Status').selectOption('running');
    await waitForText(history.locator('.empty'), 'No running jobs');
    await history.getByLabel('Status').selectOption('');
    await page.waitForFunction((n) => [...(globalThis as unknown as PageGlobal).document.querySelectorAll('#history tbody tr')].length === n, all);
    expectNoConsoleErrors();
  });

  it('a rate limit changed on the page is saved, persists across a reload, and an invalid one shows the API’s words', async () => {
    // Every enabled connector has its budgets' forms (etsy, printify, youtube…): this one is YouTube's.
    const youtubeLimits = () => page.getByRole('form', { name: 'Rate limits of youtube', exact: true });
    const rps = youtubeLimits().getByLabel('Requests per second');
    await rps.fill('7');
    await page.getByRole('button', { name: 'Save youtube', exact: true }).click();
    await waitForText(page.locator('#limits .outcome.ok'), 'Saved');
    await page.reload();
    await youtubeLimits().waitFor();
    expect(await youtubeLimits().getByLabel('Requests per second').inputValue()).toBe('7');

    // What is no number ("1,000") is refused on the page: never sent as null, which would put
    // the default back. The stored rate stays 7.
    await youtubeLimits().getByLabel('Requests per second').fill('1,000');
    await page.getByRole('button', { name: 'Save youtube', exact: true }).click();
    await waitForText(page.locator('#limits .problems'), 'requests_per_second: "1,000" is not a number');
    const stored = (await fetch(`${server.url}/api/admin/backfill/config/rate-limit`, { headers: { authorization: `Bearer ${ADMIN}` } }).then((r) => r.json())) as { platforms: Record<string, { requests_per_second: number }> };
    expect(stored.platforms["youtube"]?.requests_per_second).toBe(7);
    await youtubeLimits().getByLabel('Requests per second').fill('7');

    await youtubeLimits().getByLabel('Backfill share').fill('2');
    await page.getByRole('button', { name: 'Save youtube', exact: true }).click();
    await waitForText(page.locator('#limits .problems'), 'backfill_share');
    await screenshot('07-rate-limit-error');
    expectNoConsoleErrors([400]);
  });

  it("a connection's limitations show under its status", async () => {
    const limitation = 'orders older than 60 days are not readable: the app was not granted read_all_orders';
    await database.db.updateTable('connections').set({ limitations: toDbJson([limitation]) }).where('id', '=', acme.connection_id).execute();
    await page.reload();
    const row = (id: number) => page.locator(`#connections tr[data-connection-id="${id}"]`);
    await waitForText(row(acme.connection_id).locator('.limitation'), limitation);
    expect(await row(globex.connection_id).locator('.limitation').count()).toBe(0);
    await screenshot('connection-limitations');
    await database.db.updateTable('connections').set({ limitations: null }).where('id', '=', acme.connection_id).execute();
    expectNoConsoleErrors();
  });

  it('a job error and a display name holding markup show as text and run nothing', async () => {
    await database.db.updateTable('connections').set({ display_name: XSS, last_error: XSS, limitations: toDbJson([XSS]) }).where('id', '=', globex.connection_id).execute();
    const cancelled = await database.db.selectFrom('backfill_jobs').select('id').where('status', '=', 'cancelled').executeTakeFirstOrThrow();
    await database.db
      .updateTable('backfill_jobs')
      .set({ errors: toDbJson([{ at: new Date().toISOString(), message: XSS }]) })
      .where('id', '=', cancelled.id)
      .execute();
    await page.reload();
    await waitForText(page.locator('#connections tbody'), XSS);
    await waitForText(page.locator('#connections .limitation'), XSS);
    await waitForText(page.locator('#history tbody'), XSS);
    expect(await page.locator('#app img').count()).toBe(0);
    expect(await page.evaluate('typeof window.__xss')).toBe('undefined');
    await screenshot('08-markup-as-text');
    expectNoConsoleErrors();
  });

  it('a commerce backfill shows its entities in order, each with a bar in vendor records, until they end', async () => {
    // The local server mounts the Printify simulator (no Printify settings); its merchant's token connects a shop.
    const response = await fetch(`${server.url}/api/oauth/printify/exchange`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant_id: 'acme', access_token: PRINTIFY_SIM_TOKEN }),
    });
    expect(response.status).toBe(200);
    const { job_id: id } = (await response.json()) as { job_id: number };
    await statusOf(id).waitFor();
    const entities = job(id).locator('ul.entities > li');
    await waitForText(entities.first(), 'orders');
    expect(await entities.evaluateAll((items) => items.map((item) => item.getAttribute('data-entity')))).toEqual(['orders', 'products']);
    await dispatchUntilIdle();
    await waitForText(statusOf(id), 'succeeded');
    await waitForText(job(id).locator('li[data-entity="products"] .badge'), 'succeeded');
    for (const entity of ['orders', 'products']) {
      const bar = job(id).locator(`li[data-entity="${entity}"] progress`);
      const [value, max] = await bar.evaluate((el) => [(el as unknown as { value: number }).value, (el as unknown as { max: number }).max]);
      expect(value).toBe(max);
      expect(value).toBeGreaterThan(0);
    }
    await expect(job(id).locator('li[data-entity="orders"] .message').innerText()).resolves.toMatch(/^Done: \d+ orders$/);
    await screenshot('commerce-entities');
    expectNoConsoleErrors();
  });

  it("a big YouTube channel's backfill lists its weekly chunks, each capped one with a bar of its tail videos fetched; its preview says how the calls are made up", async () => {
    const response = await fetch(`${server.url}/api/oauth/youtube/exchange`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant_id: 'initech', code: 'sim-code-bigchan' }),
    });
    expect(response.status).toBe(200);
    const { job_id: id, connection_id: bigchan } = (await response.json()) as { job_id: number; connection_id: number };
    await statusOf(id).waitFor();
    const chunks = job(id).getByRole('list', { name: `Job ${id} chunks` }).locator('li');
    await waitForText(chunks.first(), 'top list pending');
    const days = await chunks.evaluateAll((items) => items.map((item) => item.getAttribute('data-chunk')));
    expect(days).toEqual([addDays(latest, -7), latest]); // YOUTUBE_BACKFILL_DAYS 14: two weekly chunks
    // The rate-limit test left youtube at 7 requests/s: the environment's 100 back while the
    // tails (about 250 per-video calls) run, then 7 again for the tests after this one.
    const setYoutubeRps = (rps: number | null) =>
      fetch(`${server.url}/api/admin/backfill/config/rate-limit`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ platforms: { youtube: { requests_per_second: rps } } }),
      });
    expect((await setYoutubeRps(null)).status).toBe(200);
    try {
      await dispatchUntilIdle();
    } finally {
      await setYoutubeRps(7);
    }
    await waitForText(statusOf(id), 'succeeded');
    for (const day of days) {
      const chunk = job(id).locator(`li[data-chunk="${day}"]`);
      await waitForText(chunk.locator('.badge'), 'succeeded');
      expect(await chunk.locator('.top-list').innerText()).toMatch(/^top list capped [1-7]\/7 days$/);
      const bar = job(id).getByRole('progressbar', { name: `Job ${id} chunk ${day} tail videos` });
      const [value, max] = await bar.evaluate((el) => [(el as unknown as { value: number }).value, (el as unknown as { max: number }).max]);
      expect(value).toBe(max);
      expect(value).toBeGreaterThan(0);
      expect(await chunk.locator('.message').innerText()).toBe(`tail ${value.toLocaleString('en-US')}/${max.toLocaleString('en-US')} videos`);
    }
    await screenshot('youtube-chunks');

    // A third week back is one chunk to run: the preview says its calls are 7 top lists and at most a tail per video.
    await page.getByLabel('Platform', { exact: true }).selectOption('youtube');
    await page.getByLabel('Job type').selectOption('data-collection');
    await page.getByLabel('Connection', { exact: true }).selectOption(String(bigchan));
    await page.getByLabel('Last days').check();
    await page.getByLabel('Days back').fill('21');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const numbers = page.locator('dialog[open] dl.numbers');
    await numbers.waitFor();
    expect(await numbers.innerText()).toMatch(/API calls\s+[\d,]+ \(7 top lists \+ at most [\d,]+ tail videos\)/);
    await page.getByRole('button', { name: 'Back' }).click();
    expectNoConsoleErrors();
  });

  it('data backfills: a bad plan names its problem; a plan shows its dry run; apply, a failed soak, an override and a rollback from the page', async () => {
    const t = toDbTime(new Date('2026-11-01T00:00:00Z'));
    await database.db
      .insertInto('orders')
      .values(Array.from({ length: 12 }, (_, i) => ({ tenant_id: 'acme', platform: 'etsy', platform_id: `b${i}`, connection_id: 1, status: i < 10 ? 'legacy' : 'paid', currency: 'USD', total_minor: i, subtotal_minor: i, shipping_minor: 0, tax_minor: 0, discount_minor: 0, placed_at: t, platform_updated_at: t, updated_at: t })))
      .execute();
    const plan = {
      name: 'browser-stamp',
      operation: { kind: 'sql-update', table: 'orders', key: ['id'], where: "tenant_id = 'acme' AND status = 'legacy'", set: { status: "'stamped'" }, batch_size: 5 },
      throttle: { per_minute: 600 },
      soak: { duration_s: 1, interval_s: 1, checks: [{ name: 'legacy_left', sql: "SELECT COUNT(*) AS value FROM orders WHERE status = 'legacy'", op: '>', threshold: 99 }] },
    };
    const panel = page.locator('#data-backfills');
    const textarea = panel.getByLabel(/^Plan \(JSON/);
    await textarea.fill(JSON.stringify({ ...plan, operation: { ...plan.operation, where: 'no_such_column = 1' } }));
    await panel.getByRole('button', { name: 'Create run' }).click();
    await waitForText(panel.getByRole('alert'), /no_such_column/);
    await textarea.fill(JSON.stringify(plan));
    await panel.getByRole('button', { name: 'Create run' }).click();
    await waitForText(panel.getByRole('status'), /^Run #\d+ planned: 10 rows in 2 batches/);
    const id = Number(/^Run #(\d+)/.exec(await panel.getByRole('status').innerText())![1]);
    const run = panel.locator(`li.run[data-run-id="${id}"]`);
    await waitForText(run.locator('.badge').first(), 'awaiting approval');
    expect(await run.locator('.job-head .muted').innerText()).toBe('phase plan · next apply');

    await run.getByRole('button', { name: 'Approve apply' }).click();
    await run.getByLabel(/^Note/).fill('dry run reviewed in the browser');
    await run.getByRole('button', { name: 'Confirm approval of apply' }).click();
    await dispatchUntilIdle();
    await waitForText(run.locator('.bar .percent'), '2/2 batches · 10 rows changed');
    const bar = run.locator('progress');
    expect(await bar.evaluate((el) => [(el as unknown as { value: number }).value, (el as unknown as { max: number }).max])).toEqual([2, 2]);
    await waitForText(run.locator('.approvals'), 'apply approved by admin');

    await run.getByRole('button', { name: 'Approve soak' }).click();
    await run.getByLabel(/^Note/).fill('watch it');
    await run.getByRole('button', { name: 'Confirm approval of soak' }).click();
    await dispatchUntilIdle();
    await waitForText(run.locator('.job-head .badge'), 'failed');
    await waitForText(run.locator('.soak-checks'), /fail legacy_left: 0 > 99/);
    await screenshot('data-backfill-soak-failed');

    // Past a failed phase the page asks for an override reason, and the approval records it.
    await run.getByRole('button', { name: 'Approve health' }).click();
    await run.getByLabel(/^Note/).fill('check prod anyway');
    await run.getByLabel(/^Override reason/).fill('the threshold was a test');
    await run.getByRole('button', { name: 'Confirm approval of health' }).click();
    await waitForText(run.locator('.approvals'), '(override: the threshold was a test)');
    await dispatchUntilIdle();
    await waitForText(run.locator('.message'), /Health failed: no health database/);

    await run.getByRole('button', { name: `Rollback #${id}` }).click();
    await dispatchUntilIdle();
    await waitForText(run, 'Rolled back: 10 restored, 0 conflicts');
    expect(await database.db.selectFrom('orders').select('id').where('status', '=', 'legacy').execute()).toHaveLength(10);
    await screenshot('data-backfill-rolled-back');
    expectNoConsoleErrors([400]);
  });

  it('a playlist sync: preview shows its stages and cost, start creates it, pause and resume work, its stages complete, and restore brings back what it deleted', async () => {
    const sim = server.sim;
    const exchange = await fetch(`${server.url}/api/oauth/youtube/exchange`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant_id: 'curator', code: sim.issueCode('curator', WRITE_GRANT) }),
    });
    expect(exchange.status).toBe(200);
    const curator = (await exchange.json()) as { connection_id: number; channel_id: string };
    await dispatchUntilIdle();
    const videos = sim.videoIdsOf(curator.channel_id);
    const old = sim.seedPlaylist(curator.channel_id, { title: 'Everything', videoIds: videos });
    await page.reload();
    const panel = page.locator('#playlist-sync');
    // A read-only connection is listed but cannot be picked.
    await panel.getByLabel('Channel').locator('option[disabled]', { hasText: 'read only: reconnect with access=write' }).first().waitFor({ state: 'attached' });
    await panel.getByLabel('Channel').selectOption(String(curator.connection_id));
    await panel.getByLabel('Categories').fill('Tutorials');
    await panel.getByRole('button', { name: 'Preview sync' }).click();
    await waitForText(panel.locator('.problems'), 'Categories, line 1: write it as');
    await panel.getByLabel('Categories').fill(`Tutorials: ${videos[0]}\nVlogs: ${videos[1]}`);
    await panel.getByLabel('Playlists to replace').fill(old);
    await panel.getByRole('button', { name: 'Preview sync' }).click();
    const costs = panel.getByRole('table', { name: 'Sync cost per stage' });
    await costs.waitFor();
    const rows = await costs.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as unknown as { innerText: string }).innerText.split('\t').map((cell) => cell.trim())));
    expect(rows).toEqual([
      ['backup', '1', '2'],
      ['create_playlists', '2', '100'],
      ['add_videos', '2', '100'],
      ['delete_playlists', '1', '50'],
      ['total', '', '252'],
    ]);
    expect(await panel.locator('dl.numbers').innerText()).toMatch(/Estimated days\s*1/);
    await screenshot('09-playlist-sync-preview');

    await panel.getByRole('button', { name: 'Start sync' }).click();
    const outcome = panel.locator('.outcome.ok');
    await waitForText(outcome, /Playlist sync #\d+ started/);
    const id = Number(/#(\d+) started/.exec(await outcome.innerText())?.[1]);
    await waitForText(statusOf(id), 'pending');
    await waitForText(job(id).locator('.stage-name'), 'backup 0/0');
    // Paused by a person: a dispatch runs none of it, the card says why.
    await page.getByRole('button', { name: `Pause #${id}` }).click();
    await waitForText(statusOf(id), 'paused');
    await waitForText(job(id).locator('.pause-reason'), 'Paused by a person');
    await dispatch();
    expect(sim.playlists(curator.channel_id).map((p) => p.title)).toEqual(['Everything']);
    await page.getByRole('button', { name: `Resume #${id}` }).click();
    await waitForText(statusOf(id), /pending|running/);
    await dispatchUntilIdle();
    await waitForText(statusOf(id), 'succeeded');
    await waitForText(job(id).locator('.stage-name'), 'completed');
    const results = await job(id).getByRole('table', { name: `Job ${id} stage results` }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as unknown as { innerText: string }).innerText.split('\t').map((cell) => cell.trim())));
    expect(results).toEqual([
      ['backup', '1', '0', '0'],
      ['create_playlists', '2', '0', '0'],
      ['add_videos', '2', '0', '0'],
      ['delete_playlists', '1', '0', '0'],
    ]);
    expect(await job(id).locator('.quota-used').innerText()).toBe('252');
    expect(sim.playlists(curator.channel_id).map((p) => p.title)).toEqual(['Tutorials', 'Vlogs']);
    await screenshot('10-playlist-sync-completed');

    await page.getByRole('button', { name: `Restore #${id}` }).click();
    const dialog = page.locator('dialog[open]');
    await waitForText(dialog.locator('.restore-playlists'), 'Everything');
    await waitForText(dialog.getByRole('table', { name: 'Restore cost per stage' }).locator('tr[data-stage="add_videos"]'), String(videos.length));
    await dialog.getByRole('button', { name: 'Confirm restore' }).click();
    const restored = job(id).locator('.outcome.ok');
    await waitForText(restored, /Restore job #\d+ created/);
    const restoreId = Number(/#(\d+) created/.exec(await restored.innerText())?.[1]);
    await statusOf(restoreId).waitFor();
    await dispatchUntilIdle();
    await waitForText(statusOf(restoreId), 'succeeded');
    await waitForText(job(restoreId).locator('.stage-name'), 'completed');
    expect(sim.playlists(curator.channel_id).map((p) => [p.title, p.videoIds])).toEqual([
      ['Tutorials', [videos[0]]],
      ['Vlogs', [videos[1]]],
      ['Everything', videos],
    ]);
    await screenshot('11-playlist-restore');
    expectNoConsoleErrors();
  });

  it('a token that stops working (401 on a poll) returns to the prompt', async () => {
    await page.evaluate(() => sessionStorage.setItem('sluice.admin-token', 'revoked'));
    await page.getByLabel('Admin token').waitFor({ timeout: 10_000 });
    await waitForText(page.getByRole('alert'), 'refused (401)');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expectNoConsoleErrors([401]);
  });

  async function countMetrics(channelId: string): Promise<number> {
    const row = await database.db.selectFrom('video_daily_metrics').select((eb) => eb.fn.countAll<number>().as('n')).where('channel_id', '=', channelId).executeTakeFirstOrThrow();
    return Number(row.n);
  }
});
