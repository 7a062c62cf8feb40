/**
 * The admin page's vendored ES modules (public/vendor/): the npm packages' own ESM builds,
 * byte for byte but for two edits a browser without a bundler needs — the hooks module's bare
 * `preact` import points at the sibling file, and the source-map comment goes (the maps are
 * not published, and a browser would ask for them). `npm run vendor:admin` writes them; a unit
 * test holds the copies to the installed packages, so a version bump cannot leave them stale.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface VendoredFile {
  /** Under node_modules/. */
  from: string;
  /** Under public/vendor/. */
  to: string;
}

export const VENDORED_FILES: readonly VendoredFile[] = [
  { from: 'preact/dist/preact.mjs', to: 'preact.mjs' },
  { from: 'preact/hooks/dist/hooks.mjs', to: 'preact-hooks.mjs' },
  { from: 'htm/dist/htm.mjs', to: 'htm.mjs' },
  { from: 'preact/LICENSE', to: 'preact.LICENSE.txt' },
  { from: 'htm/LICENSE', to: 'htm.LICENSE.txt' },
];

/** What `file` must contain in public/vendor/, from the installed package. */
export async function vendoredContent(projectRoot: string, file: VendoredFile): Promise<string> {
  const source = await readFile(join(projectRoot, 'node_modules', file.from), 'utf8');
  if (!file.to.endsWith('.mjs')) return source;
  return source.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n').replaceAll(/from\s*"preact"/g, 'from"./preact.mjs"');
}
