import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// DESIGN.md "Architecture": the shared layers never name a platform, and db/ knows nothing of
// lib/. Checked on the source text, so a new import or a hard-coded platform fails here.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const sources = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
/** The code without its comments: a comment may mention a vendor as an example. */
const code = (file: string) => readFileSync(join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
/** A platform's name in any of its spellings (etsy, Etsy, ETSY), not a mixed-case run inside another word (getSyncState). */
const PLATFORM = new RegExp(['youtube', 'google', 'etsy', 'shopify', 'printify'].flatMap((name) => [name, name[0]!.toUpperCase() + name.slice(1), name.toUpperCase(), name === 'youtube' ? 'YouTube' : name]).join('|'));
/** The connectors' shared parts (DESIGN.md "Architecture"): every connector may use them; they name no platform. */
const SHARED_FOLDERS = ['auth', 'http', 'sync', 'pagination'];

describe('seam boundaries', () => {
  it.each(['lib/queue', 'lib/dispatcher', 'lib/jobs', 'lib/accounts', ...SHARED_FOLDERS.map((folder) => `lib/connectors/${folder}`)])('%s names no platform', (dir) => {
    const files = sources(dir);
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((file) => PLATFORM.test(code(file)))).toEqual([]);
  });

  it('db/ imports nothing from lib/', () => {
    expect(sources('db').filter((file) => /from '\.\.\/(\.\.\/)?lib\//.test(readFileSync(join(ROOT, file), 'utf8')))).toEqual([]);
  });

  it('a connector imports no other connector: each is a folder of its own', () => {
    // The folders every connector shares (the same list as the next test's), not connectors themselves.
    const shared = ['auth', 'http', 'pagination', 'sync'];
    const connectorFiles = sources('lib/connectors').filter((file) => /^lib\/connectors\/[^/]+\//.test(file) && !shared.includes(file.split('/')[2] ?? ''));
    expect(connectorFiles.length).toBeGreaterThan(0);
    const offenders = connectorFiles.filter((file) => {
      const own = file.split('/')[2];
      return [...readFileSync(join(ROOT, file), 'utf8').matchAll(/from '\.\.\/([\w-]+)\//g)].some(([, folder]) => folder !== own && !shared.includes(folder ?? ''));
    });
    expect(offenders).toEqual([]);
  });

  it('only a connector\'s own folder imports it', () => {
    const outside = sources('lib').filter((file) => !file.startsWith('lib/connectors/'));
    const offenders = outside.filter((file) => /from '[./]*connectors\/(?!connector\.js|connector-config\.js|registry\.js|live-connectors\.js|auth\/|http\/|pagination\/|sync\/)/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe('bundle size', () => {
  // Zod 4 tree-shakes only through its namespace import: `import { z }` pulls all of it
  // (~750 KB) into every bundled function.
  it('imports zod as a namespace everywhere', () => {
    const files = ['api', 'lib', 'db'].flatMap(sources);
    expect(files.filter((file) => /import\s*\{[^}]*\}\s*from\s*'zod'/.test(readFileSync(join(ROOT, file), 'utf8').replace(/import type \{[^}]*\} from 'zod'/g, '')))).toEqual([]);
  });
});
