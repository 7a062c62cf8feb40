/**
 * Builds the project the way Vercel does (`vercel build`, offline thanks to the committed
 * `.vercel/project.json`) and checks the Build Output API result
 * (https://vercel.com/docs/build-output-api/v3):
 *
 * - every `api/` handler became a function (`.vercel/output/functions/api/….func`) on the
 *   Node runtime, with the `maxDuration` vercel.json gives it, and its bundle loads: the
 *   handler module imports in a fresh Node process from inside the `.func` folder, which
 *   catches files the bundler's tracing missed;
 * - `.vercel/output/config.json` declares every vercel.json cron;
 * - nothing from `.data/` (the local database and generated secrets) is in the static output;
 * - git ignores `.vercel/output` but not `.vercel/project.json`.
 *
 * Prints what it found and exits 1 on any miss. `vercel dev` is not used: it needs a login.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { discoverApiRoutes, type ApiRoute } from '../dev/local-server/api-routes.js';
import { readVercelJson, type VercelJson } from '../dev/local-server/vercel-json.js';

const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUTPUT = join(PROJECT_ROOT, '.vercel', 'output');
const VERCEL_CLI = 'vercel@60.1.3';

const vcConfigSchema = z.object({ handler: z.string(), runtime: z.string(), maxDuration: z.number().optional() }).loose();
const outputConfigSchema = z.object({ crons: z.array(z.object({ path: z.string(), schedule: z.string() })).default([]) }).loose();

type Check = { ok: boolean; line: string };

async function main(): Promise<number> {
  console.log(`$ npx -y ${VERCEL_CLI} build`);
  const buildExit = await runVercelBuild();
  if (buildExit !== 0) {
    console.error(`\nvercel build failed (exit ${buildExit})`);
    return 1;
  }
  const [routes, vercelJson] = await Promise.all([discoverApiRoutes(PROJECT_ROOT), readVercelJson(PROJECT_ROOT)]);
  const checks: Check[] = [];
  for (const route of routes) checks.push(await checkFunction(route, vercelJson));
  checks.push(...(await checkCrons(vercelJson)));
  checks.push(checkNoLocalDataInStaticOutput());
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
async function checkFunction(route: ApiRoute, vercelJson: VercelJson): Promise<Check> {
  const funcDir = join(OUTPUT, 'functions', `${route.file.replace(/\.[cm]?[jt]s$/, '')}.func`);
  const name = `function ${route.path}`;
  if (!existsSync(funcDir)) return { ok: false, line: `${name}: ${funcDir} is missing` };
  const vc = vcConfigSchema.parse(JSON.parse(await readFile(join(funcDir, '.vc-config.json'), 'utf8')));
  const expectedDuration = vercelJson.functions[route.file]?.maxDuration;
  const problems: string[] = [];
  if (!vc.runtime.startsWith('nodejs')) problems.push(`runtime ${vc.runtime} is not Node`);
  if (expectedDuration !== undefined && vc.maxDuration !== expectedDuration) {
    problems.push(`maxDuration ${vc.maxDuration ?? 'default'} ≠ ${expectedDuration} from vercel.json`);
  }
  const loadError = importHandler(funcDir, vc.handler);
  if (loadError) problems.push(`handler does not load: ${loadError}`);
  const facts = `${vc.runtime}, maxDuration ${vc.maxDuration ?? 'default'}, handler ${vc.handler}`;
  return { ok: problems.length === 0, line: `${name} (${facts})${problems.length ? `: ${problems.join('; ')}` : ', loads'}` };
}

/** Imports the bundled handler in a separate Node process (this one has tsx and the sources loaded); undefined when it loads. */
function importHandler(funcDir: string, handler: string): string | undefined {
  const script = `try {
  const m = await import(${JSON.stringify(pathToFileURL(join(funcDir, handler)).href)});
  if (typeof m.default !== 'function') throw new Error('no default-exported handler');
} catch (error) { console.error(error.message); process.exit(1); }`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: funcDir, encoding: 'utf8', timeout: 30_000 });
  if (result.status === 0) return undefined;
  return (result.stderr || result.error?.message || `exit ${result.status}`).trim().split('\n')[0];
}

async function checkCrons(vercelJson: VercelJson): Promise<Check[]> {
  const file = join(OUTPUT, 'config.json');
  if (!existsSync(file)) return [{ ok: false, line: `${file} is missing` }];
  const { crons } = outputConfigSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  return vercelJson.crons.map((cron) => {
    const found = crons.some((built) => built.path === cron.path && built.schedule === cron.schedule);
    return { ok: found, line: `cron ${cron.path} "${cron.schedule}" ${found ? 'in' : 'missing from'} .vercel/output/config.json` };
  });
}

/**
 * Without a `public/` folder Vercel serves the project root as static files, so a local
 * `.data/` (database, dev-secrets.env) would be deployed by `vercel deploy --prebuilt`.
 */
function checkNoLocalDataInStaticOutput(): Check {
  const leaked = join(OUTPUT, 'static', '.data');
  return existsSync(leaked)
    ? { ok: false, line: `.data/ (local database and generated secrets) is in ${leaked}: list .data in .vercelignore` }
    : { ok: true, line: 'no .data/ in the static output' };
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
