/**
 * Copies into a `.func` folder the package files its bundle needs at run time (the
 * EXTERNAL_PACKAGES it imports lazily, and their dependencies), found the way Vercel finds
 * them for its own functions: @vercel/nft traces the bundle's imports and requires.
 */
import { nodeFileTrace } from '@vercel/nft';
import { cp, mkdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

export async function copyTracedPackages(options: { projectRoot: string; funcDir: string; bundleFiles: string[] }): Promise<string[]> {
  const entries = options.bundleFiles.filter((file) => file.endsWith('.mjs')).map((file) => join(options.funcDir, file));
  const { fileList, warnings } = await nodeFileTrace(entries, { base: options.projectRoot, processCwd: options.projectRoot });
  for (const warning of warnings) if (!/Failed to resolve dependency/.test(warning.message)) console.warn(`  nft: ${warning.message}`);
  const funcFromRoot = relative(options.projectRoot, options.funcDir);
  const packageFiles = [...fileList].filter((file) => file.startsWith('node_modules/') && !file.startsWith(funcFromRoot)).sort();
  for (const file of packageFiles) {
    const target = join(options.funcDir, file);
    await mkdir(dirname(target), { recursive: true });
    await cp(join(options.projectRoot, file), target, { dereference: true });
  }
  return packageFiles;
}
