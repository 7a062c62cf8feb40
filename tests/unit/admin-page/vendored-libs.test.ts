import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VENDORED_FILES, vendoredContent } from '../../../scripts/admin-page/vendored-files.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('the admin page’s vendored modules', () => {
  it.each(VENDORED_FILES.map((file) => [file.to, file] as const))('public/vendor/%s is the installed package’s file (run npm run vendor:admin after an upgrade)', async (_name, file) => {
    const copy = await readFile(join(ROOT, 'public', 'vendor', file.to), 'utf8');
    expect(copy === (await vendoredContent(ROOT, file))).toBe(true);
  });
  it('no vendored module imports a bare specifier a browser cannot resolve', async () => {
    for (const file of VENDORED_FILES.filter((f) => f.to.endsWith('.mjs'))) {
      const copy = await readFile(join(ROOT, 'public', 'vendor', file.to), 'utf8');
      expect([...copy.matchAll(/(?:from|import)\s*["']([^"']+)["']/g)].map((m) => m[1]).filter((s) => !s!.startsWith('./'))).toEqual([]);
    }
  });
});
