import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// `npx sluice` runs wherever the package is installed, and an install without dev
// dependencies (npm install --omit=dev, npm ci in production) has only `dependencies`: every
// package the CLI loads at run time — tsx's loader in the bin included — must be one of them.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; dependencies: Record<string, string> };

/** The packages a module loads at run time: bare specifiers of value imports (`import type` is erased), by package name. */
function runtimePackages(source: string): string[] {
  const specifiers = [...source.matchAll(/^import (?!type )[^;]*?from '([^']+)'|import\('([^']+)'\)/gm)].map((match) => match[1] ?? match[2]!);
  return specifiers
    .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:'))
    .map((specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!));
}

describe('the CLI runs from production dependencies', () => {
  const files = [manifest.bin['sluice']!, ...readdirSync(join(ROOT, 'cli')).filter((name) => name.endsWith('.ts')).map((name) => `cli/${name}`)];

  it('finds the packages the bin and its modules load (the check is not vacuous)', () => {
    const loaded = new Set(files.flatMap((file) => runtimePackages(readFileSync(join(ROOT, file), 'utf8'))));
    expect([...loaded].sort()).toEqual(expect.arrayContaining(['cli-progress', 'tsx', 'zod']));
  });

  it.each(files)('%s loads only packages listed in dependencies', (file) => {
    const missing = runtimePackages(readFileSync(join(ROOT, file), 'utf8')).filter((name) => !(name in manifest.dependencies));
    expect(missing).toEqual([]);
  });
});
