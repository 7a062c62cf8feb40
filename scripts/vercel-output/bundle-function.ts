/**
 * Bundles one `api/` function into its `.func` folder with esbuild: the handler
 * (`index.mjs`) holds the function's code and its node_modules, tree-shaken and minified, so
 * a cold start reads one file instead of hundreds (Kysely alone is ~250 modules). Code the
 * function reaches only through `await import()` (the SQLite dialect, the MySQL and
 * PlanetScale drivers, the Google clients) stays out of the handler: local modules become
 * chunks loaded on demand, and EXTERNAL_PACKAGES stay packages, copied in by
 * `copy-traced-packages.ts`. A static import of one of them from the handler is an error:
 * it would load with every cold start.
 */
import { build, type Metafile } from 'esbuild';
import { join, relative } from 'node:path';

/** Loaded lazily and only when used; large, or with files a bundle would miss. */
export const EXTERNAL_PACKAGES = ['mysql2', 'mysql2/*', 'google-auth-library', '@googleapis/*'];

export const HANDLER_FILE = 'index.mjs';

export interface BundledFunction {
  /** Output files, relative to the `.func` folder. */
  files: string[];
}

export async function bundleFunction(options: { projectRoot: string; entry: string; funcDir: string }): Promise<BundledFunction> {
  const result = await build({
    absWorkingDir: options.projectRoot,
    entryPoints: { index: options.entry },
    outdir: options.funcDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    external: EXTERNAL_PACKAGES,
    // A dynamic import esbuild cannot resolve would be left for Node to find at run time, where
    // the bundle has no sources: fail the build instead of a function on Vercel.
    logOverride: { 'unsupported-dynamic-import': 'error', 'unsupported-require-call': 'error', 'empty-glob': 'error' },
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => relative(options.funcDir, join(options.projectRoot, file)));
  const handler = Object.keys(result.metafile.outputs).find((file) => file.endsWith(`/${HANDLER_FILE}`))!;
  const eager = eagerPackageImports(result.metafile, handler);
  if (eager.length > 0) {
    throw new Error(`${options.entry} imports ${eager.join(', ')} statically: load ${eager.length > 1 ? 'them' : 'it'} with \`await import()\` where used, so cold starts skip ${eager.length > 1 ? 'them' : 'it'}`);
  }
  return { files: outputs };
}

/** External packages (not `node:` built-ins) that load with the handler, following static imports between chunks. */
export function eagerPackageImports(metafile: Metafile, handler: string): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? []) {
      if (imported.kind !== 'import-statement') continue;
      if (imported.external) {
        if (!imported.path.startsWith('node:')) found.add(imported.path);
      } else {
        visit(imported.path);
      }
    }
  };
  visit(handler);
  return [...found].sort();
}
