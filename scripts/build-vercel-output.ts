/**
 * `npm run vercel-build`, which `vercel build` runs (vercel.json `builds` → @vercel/static-build
 * → this script): writes the whole deployment as Build Output v3 in `.vercel/output`
 * (https://vercel.com/docs/build-output-api/v3), which Vercel then deploys as it is.
 *
 * Why not Vercel's zero-config build of `api/`: @vercel/node compiles each file but never
 * bundles, so the dispatch function cold-started by loading hundreds of modules (0.29 s,
 * 85 MB RSS), and it replaces functions a build command writes at the same paths (seen with
 * vercel@60.1.3). So this build owns the output, and vercel.json's `builds` turns zero-config off:
 *
 * - functions: every `api/` file (Vercel's rules: dev/local-server/api-routes.ts) bundled by
 *   esbuild into `functions/<path>.func/index.mjs`, plus the lazily loaded packages it needs;
 *   `maxDuration` from vercel.json, the Node runtime from package.json `engines.node`;
 * - static: `public/` only, so no server source is ever downloadable;
 * - config.json: the admin page's headers (its CSP), routes for `[name]` segments and `/x`
 *   for `x/index.html`. The CLI adds the
 *   vercel.json crons itself.
 */
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverApiRoutes } from './vercel-output/api-routes.js';
import { readVercelJson } from './vercel-output/vercel-json.js';
import { bundleFunction, HANDLER_FILE } from './vercel-output/bundle-function.js';
import { copyTracedPackages } from './vercel-output/copy-traced-packages.js';
import { headerRoutes } from './vercel-output/static-headers.js';
import { dynamicRoutesFor, functionPathFor, indexOverridesFor, nodeRuntimeFor, settingsWithoutFunction, vcConfigFor } from './vercel-output/output-config.js';

const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUTPUT = join(PROJECT_ROOT, '.vercel', 'output');
const PUBLIC = join(PROJECT_ROOT, 'public');

async function main(): Promise<void> {
  const packageJson = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { engines?: { node?: string } };
  const runtime = nodeRuntimeFor(packageJson.engines?.node);
  const [routes, vercelJson] = await Promise.all([discoverApiRoutes(PROJECT_ROOT), readVercelJson(PROJECT_ROOT)]);
  const stray = settingsWithoutFunction(vercelJson.functions, routes);
  if (stray.length > 0) throw new Error(`vercel.json has settings for ${stray.join(', ')}, which ${stray.length > 1 ? 'are' : 'is'} no function under api/`);
  await Promise.all(['functions', 'static', 'config.json'].map((entry) => rm(join(OUTPUT, entry), { recursive: true, force: true })));

  console.log(`Build Output v3 in ${relative(PROJECT_ROOT, OUTPUT)} (${runtime}):`);
  for (const route of routes) {
    const funcDir = join(OUTPUT, 'functions', `${functionPathFor(route)}.func`);
    const bundle = await bundleFunction({ projectRoot: PROJECT_ROOT, entry: route.file, funcDir });
    const packages = await copyTracedPackages({ projectRoot: PROJECT_ROOT, funcDir, bundleFiles: bundle.files });
    const settings = vercelJson.functions[route.file];
    const maxDuration = settings?.maxDuration;
    await writeFile(join(funcDir, '.vc-config.json'), `${JSON.stringify(vcConfigFor({ runtime, handler: HANDLER_FILE, settings, sourcemaps: true }), null, 2)}\n`);
    const handlerKb = (await stat(join(funcDir, HANDLER_FILE))).size / 1024;
    const packageNames = [...new Set(packages.map((file) => file.split('/').slice(1, file.startsWith('node_modules/@') ? 3 : 2).join('/')))];
    console.log(`  ${route.path} → functions/${functionPathFor(route)}.func: ${HANDLER_FILE} ${handlerKb.toFixed(0)} KB, ${bundle.files.length} bundle files, ${packageNames.length} lazily loaded packages, maxDuration ${maxDuration ?? 'default'}`);
  }

  const staticFiles = await copyPublic();
  console.log(`  static: ${staticFiles.length} files from public/`);
  const dynamicRoutes = dynamicRoutesFor(routes);
  const config = { version: 3, routes: [...headerRoutes(), { handle: 'filesystem' }, ...dynamicRoutes], overrides: indexOverridesFor(staticFiles) };
  await writeFile(join(OUTPUT, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
}

/** Copies public/ to static/ and returns the copied files (relative, forward slashes). */
async function copyPublic(): Promise<string[]> {
  const target = join(OUTPUT, 'static');
  await mkdir(target, { recursive: true });
  const entries = await readdir(PUBLIC, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  await cp(PUBLIC, target, { recursive: true, force: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(PUBLIC, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

await main();
