import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// tsconfig.admin-page.json type-checks the page's modules through `// @ts-check` (checkJs is
// off, so the vendored libraries are not checked): a module without the pragma would be skipped.
const PAGE = fileURLToPath(new URL('../../../public/admin/', import.meta.url));

describe('the admin page sources', () => {
  const modules = readdirSync(PAGE).filter((name) => name.endsWith('.js'));

  it('are ES modules the type-check reads', () => {
    expect(modules.length).toBeGreaterThan(5);
  });

  it.each(modules)('%s starts with // @ts-check', (name) => {
    expect(readFileSync(join(PAGE, name), 'utf8').startsWith('// @ts-check\n')).toBe(true);
  });

  it.each(modules)('%s renders nothing as HTML', (name) => {
    expect(readFileSync(join(PAGE, name), 'utf8')).not.toMatch(/dangerouslySetInnerHTML|innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
});
