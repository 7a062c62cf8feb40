/**
 * `npm run build:vercel`: builds the project the way Vercel does (`vercel build`, offline
 * thanks to the committed `.vercel/project.json`; it runs `npm run vercel-build`, i.e.
 * scripts/build-vercel-output.ts) and checks the Build Output API result
 * (https://vercel.com/docs/build-output-api/v3):
 *
 * - every `api/` file became a function (`.vercel/output/functions/api/….func`) on the Node
 *   runtime package.json `engines.node` names, with the `maxDuration` vercel.json gives it,
 *   and it works: in a fresh Node process started inside the `.func` folder (which catches
 *   files the bundle or the tracing missed) the handler imports, exports a Web handler
 *   (`default.fetch`), and answers a request with a JSON 405; and it is a bundle: no project
 *   source (`api/`, `lib/`, `db/`) beside it, as Vercel's unbundled zero-config build leaves.
 *   Each `.func` runs from a copy outside the project, so a file it lacks cannot be found in
 *   the project's own node_modules;
 * - the emitted functions do the product's job: the exchange function connects a channel of
 *   the YouTube simulator into a temporary SQLite database and the dispatch function backfills
 *   it, which loads the lazily imported Google packages and the SQLite chunk from the copies;
 * - `.vercel/output/config.json` declares every vercel.json cron, a route for every
 *   `[name]` segment, and the admin page's CSP header route;
 * - the static output is exactly `public/`: no source (`.ts`, `package.json`, `tsconfig.json`,
 *   `lib/`, `db/`, …) and no local data (`.data/`: database, generated secrets);
 * - git ignores `.vercel/output` but not `.vercel/project.json`.
 *
 * Prints what it found and exits 1 on any miss. `vercel dev` is not used: it needs a login.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as z from 'zod';
import { discoverApiRoutes, type ApiRoute } from './vercel-output/api-routes.js';
import { readVercelJson, type VercelJson } from './vercel-output/vercel-json.js';
import { createThrowawayDatabase } from '../dev/throwaway-database.js';
import { startYouTubeSimulator } from '../dev/simulators/youtube/index.js';
import { dynamicRoutesFor, functionPathFor, nodeRuntimeFor } from './vercel-output/output-config.js';
import { ADMIN_PAGE_CSP, ADMIN_PAGE_SRC } from './vercel-output/static-headers.js';

const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUTPUT = join(PROJECT_ROOT, '.vercel', 'output');
const VERCEL_CLI = 'vercel@60.1.3';

const vcConfigSchema = z.object({ handler: z.string(), runtime: z.string(), launcherType: z.string().optional(), maxDuration: z.number().optional() }).loose();
const outputConfigSchema = z
  .object({
    crons: z.array(z.object({ path: z.string(), schedule: z.string() })).default([]),
    routes: z.array(z.record(z.string(), z.unknown())).default([]),
  })
  .loose();

type Check = { ok: boolean; line: string };

async function main(): Promise<number> {
  console.log(`$ npx -y ${VERCEL_CLI} build`);
  const buildExit = await runVercelBuild();
  if (buildExit !== 0) {
    console.error(`\nvercel build failed (exit ${buildExit})`);
    return 1;
  }
  const [routes, vercelJson, packageJson] = await Promise.all([
    discoverApiRoutes(PROJECT_ROOT),
    readVercelJson(PROJECT_ROOT),
    readFile(join(PROJECT_ROOT, 'package.json'), 'utf8').then((text) => JSON.parse(text) as { engines?: { node?: string } }),
  ]);
  const runtime = nodeRuntimeFor(packageJson.engines?.node);
  const checks: Check[] = [];
  const copies = await mkdtemp(join(tmpdir(), 'sluice-vercel-functions-'));
  try {
    for (const route of routes) checks.push(await checkFunction(route, vercelJson, runtime, copies));
    checks.push(...(await smokeRunYouTubeBackfill(copies)));
  } finally {
    await rm(copies, { recursive: true, force: true });
  }
  checks.push(...(await checkConfig(vercelJson, routes)));
  checks.push(...(await checkStaticOutput()));
  checks.push(...checkGitIgnore());

  console.log('\nBuild output check:');
  for (const check of checks) console.log(`  ${check.ok ? 'ok  ' : 'MISS'} ${check.line}`);
  const misses = checks.filter((check) => !check.ok).length;
  console.log(misses === 0 ? `\nall ${checks.length} checks passed` : `\n${misses} of ${checks.length} checks failed`);
  return misses === 0 ? 0 : 1;
}

function runVercelBuild(): Promise<number> {
  return new Promise((resolve, reject) => {
    // The parent environment passes through; telemetry is off because this check is offline.
    const child = spawn('npx', ['-y', VERCEL_CLI, 'build'], {
      cwd: PROJECT_ROOT,
      stdio: 'inherit',
      env: { ...process.env, VERCEL_TELEMETRY_DISABLED: '1' },
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** `api/jobs/dispatch.ts` → `.vercel/output/functions/api/jobs/dispatch.func`. */
async function checkFunction(route: ApiRoute, vercelJson: VercelJson, runtime: string, copies: string): Promise<Check> {
  const funcDir = join(OUTPUT, 'functions', `${functionPathFor(route)}.func`);
  const name = `function ${route.path}`;
  if (!existsSync(join(funcDir, '.vc-config.json'))) return { ok: false, line: `${name}: ${funcDir}/.vc-config.json is missing` };
  const vc = vcConfigSchema.parse(JSON.parse(await readFile(join(funcDir, '.vc-config.json'), 'utf8')));
  const expectedDuration = vercelJson.functions[route.file]?.maxDuration;
  const problems: string[] = [];
  if (vc.runtime !== runtime) problems.push(`runtime ${vc.runtime} is not ${runtime} (package.json engines.node)`);
  if (vc.launcherType !== 'Nodejs') problems.push(`launcherType ${vc.launcherType} is not Nodejs`);
  if (vc.maxDuration !== expectedDuration) problems.push(`maxDuration ${vc.maxDuration ?? 'default'} ≠ ${expectedDuration ?? 'default'} from vercel.json`);
  const unbundled = (await readdir(funcDir)).filter((entry) => ['api', 'lib', 'db'].includes(entry));
  if (unbundled.length > 0) problems.push(`not bundled: project sources ${unbundled.map((dir) => `${dir}/`).join(', ')} in the function`);
  const copy = join(copies, `${functionPathFor(route)}.func`);
  await cp(funcDir, copy, { recursive: true });
  const loadError = loadAndCallHandler(copy, vc.handler, route);
  if (loadError) problems.push(`handler: ${loadError}`);
  const facts = `${vc.runtime}, maxDuration ${vc.maxDuration ?? 'default'}, handler ${vc.handler}`;
  return { ok: problems.length === 0, line: `${name} (${facts})${problems.length ? `: ${problems.join('; ')}` : ', bundled, loads and answers'}` };
}

/**
 * In a separate Node process (this one has tsx and the sources loaded), from inside the
 * `.func` folder: imports the handler, requires `export default { fetch }`, and sends it a
 * PATCH, which every endpoint refuses with a JSON 405 before reading config or database.
 */
function loadAndCallHandler(funcDir: string, handler: string, route: ApiRoute): string | undefined {
  const url = `https://sluice.example${route.path}`;
  const script = `try {
  const m = await import(${JSON.stringify(pathToFileURL(join(funcDir, handler)).href)});
  if (typeof m.default?.fetch !== 'function') throw new Error('does not export default { fetch(request) }');
  const response = await m.default.fetch(new Request(${JSON.stringify(url)}, { method: 'PATCH' }));
  const body = await response.json();
  if (response.status !== 405 || body?.error?.code !== 'method_not_allowed') throw new Error('PATCH answered ' + response.status + ' ' + JSON.stringify(body));
} catch (error) { console.error(error.message); process.exit(1); }`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: funcDir, encoding: 'utf8', timeout: 30_000 });
  if (result.status === 0) return undefined;
  return (result.stderr || result.error?.message || `exit ${result.status}`).trim().split('\n')[0];
}

/**
 * Runs two emitted functions, each in a fresh process inside its copied `.func` folder: the
 * exchange connects a simulated channel, then one dispatch fetches its 7 days.
 */
async function smokeRunYouTubeBackfill(copies: string): Promise<Check[]> {
  const sim = await startYouTubeSimulator({ clientId: 'check-client', clientSecret: 'check-secret', videosPerChannel: 3 });
  const database = await createThrowawayDatabase('sqlite', { prefix: 'sluice-vercel-check' });
  await database.destroy(); // migrated; the functions open it themselves
  const env = {
    ...process.env,
    DATABASE_URL: database.url,
    ADMIN_TOKEN: 'check-admin',
    CRON_SECRET: 'check-cron',
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
    GOOGLE_CLIENT_ID: 'check-client',
    GOOGLE_CLIENT_SECRET: 'check-secret',
    GOOGLE_REDIRECT_URI: 'http://127.0.0.1/callback',
    GOOGLE_OAUTH_TOKEN_URL: sim.oauthTokenUrl,
    YOUTUBE_ANALYTICS_ROOT_URL: sim.analyticsRootUrl,
    YOUTUBE_DATA_ROOT_URL: sim.dataRootUrl,
    YOUTUBE_BACKFILL_DAYS: '7',
  };
  try {
    const exchange = await callEmitted(join(copies, 'api/oauth/youtube/exchange.func'), env, '/api/oauth/youtube/exchange', {
      method: 'POST',
      headers: { authorization: 'Bearer check-admin', 'content-type': 'application/json' },
      body: JSON.stringify({ tenant_id: 'check', code: 'sim-code-check' }),
    });
    const dispatch = await callEmitted(join(copies, 'api/jobs/dispatch.func'), env, '/api/jobs/dispatch', { headers: { authorization: 'Bearer check-cron' } });
    const connected = exchange.status === 200 && (exchange.body as { backfill_enqueued?: number }).backfill_enqueued === 1;
    const summary = dispatch.body as { succeeded?: number; dead?: number };
    const backfilled = dispatch.status === 200 && summary.succeeded === 1 && summary.dead === 0;
    return [
      { ok: connected, line: `emitted exchange connects a simulated channel: ${exchange.status} ${JSON.stringify(exchange.body)}` },
      { ok: backfilled, line: `emitted dispatch backfills it through the Google packages: ${dispatch.status} ${JSON.stringify(dispatch.body)}` },
    ];
  } finally {
    await sim.close();
    await database.drop();
  }
}

/** One request to an emitted function, in a fresh Node process inside its `.func` folder. */
function callEmitted(funcDir: string, env: NodeJS.ProcessEnv, path: string, init: RequestInit): Promise<{ status: number; body: unknown }> {
  const script = `const { default: fn } = await import('./index.mjs');
const response = await fn.fetch(new Request(${JSON.stringify(`https://sluice.example${path}`)}, ${JSON.stringify(init)}));
console.log(JSON.stringify({ status: response.status, body: await response.json() }));
process.exit(0);`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: funcDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').filter((l) => l.startsWith('{"status"')).at(-1);
      resolve(line ? (JSON.parse(line) as { status: number; body: unknown }) : { status: 0, body: `exit ${code}: ${err.trim().split('\n')[0] ?? ''}` });
    });
  });
}

async function checkConfig(vercelJson: VercelJson, routes: ApiRoute[]): Promise<Check[]> {
  const file = join(OUTPUT, 'config.json');
  if (!existsSync(file)) return [{ ok: false, line: `${file} is missing` }];
  const config = outputConfigSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  const crons = vercelJson.crons.map((cron) => {
    const found = config.crons.some((built) => built.path === cron.path && built.schedule === cron.schedule);
    return { ok: found, line: `cron ${cron.path} "${cron.schedule}" ${found ? 'in' : 'missing from'} .vercel/output/config.json` };
  });
  const dynamic = dynamicRoutesFor(routes).map((route) => {
    const found = config.routes.some((built) => built.src === route.src && built.dest === route.dest);
    return { ok: found, line: `route ${route.src} → ${route.dest} ${found ? 'in' : 'missing from'} .vercel/output/config.json` };
  });
  const filesystem = config.routes.findIndex((built) => built['handle'] === 'filesystem');
  const csp = config.routes.findIndex((built) => built.src === ADMIN_PAGE_SRC && (built['headers'] as Record<string, string> | undefined)?.['content-security-policy'] === ADMIN_PAGE_CSP);
  const cspOk = csp !== -1 && csp < filesystem && config.routes[csp]?.['continue'] === true;
  const cspLine = `route ${ADMIN_PAGE_SRC} sets the admin page's Content-Security-Policy before the filesystem: ${cspOk ? 'in' : 'missing from'} .vercel/output/config.json`;
  return [...crons, ...dynamic, { ok: cspOk, line: cspLine }];
}

/** Patterns of files that must never be served: server source, project files, local data. */
const NEVER_STATIC = [/\.[cm]?ts$/, /(^|\/)package(-lock)?\.json$/, /(^|\/)tsconfig\.json$/, /(^|\/)vercel\.json$/, /^(lib|db|api|dev|scripts|tests|bench|node_modules|\.data|\.vercel|\.git)\//, /(^|\/)\.env/];

async function checkStaticOutput(): Promise<Check[]> {
  const [built, published] = await Promise.all([listFiles(join(OUTPUT, 'static')), listFiles(join(PROJECT_ROOT, 'public'))]);
  const forbidden = built.filter((file) => NEVER_STATIC.some((pattern) => pattern.test(file)));
  const extra = built.filter((file) => !published.includes(file));
  const missing = published.filter((file) => !built.includes(file));
  const sample = (files: string[]) => `${files.slice(0, 8).join(', ')}${files.length > 8 ? `, … (${files.length})` : ''}`;
  return [
    forbidden.length === 0
      ? { ok: true, line: `no source or local data in .vercel/output/static (${built.length} files)` }
      : { ok: false, line: `downloadable source or local data in .vercel/output/static: ${sample(forbidden)}` },
    extra.length === 0 && missing.length === 0
      ? { ok: true, line: `.vercel/output/static is exactly public/ (${published.join(', ')})` }
      : { ok: false, line: `.vercel/output/static differs from public/: ${extra.length ? `not in public/: ${sample(extra)}` : ''}${missing.length ? ` missing: ${sample(missing)}` : ''}` },
  ];
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

function checkGitIgnore(): Check[] {
  const ignored = (path: string) => spawnSync('git', ['check-ignore', '-q', path], { cwd: PROJECT_ROOT }).status;
  const output = ignored('.vercel/output');
  const project = ignored('.vercel/project.json');
  if (output === null || output > 1) return [{ ok: true, line: 'git not available: .gitignore not checked' }];
  return [
    { ok: output === 0, line: `.vercel/output is ${output === 0 ? '' : 'NOT '}git-ignored` },
    { ok: project === 1, line: `.vercel/project.json is ${project === 1 ? 'committable' : 'git-ignored'}` },
  ];
}

process.exitCode = await main();
