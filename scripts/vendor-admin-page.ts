/** `npm run vendor:admin`: copies the admin page's ES modules from node_modules to public/vendor/ (see admin-page/vendored-files.ts). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VENDORED_FILES, vendoredContent } from './admin-page/vendored-files.js';

const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));
const target = join(PROJECT_ROOT, 'public', 'vendor');
await mkdir(target, { recursive: true });
for (const file of VENDORED_FILES) {
  await writeFile(join(target, file.to), await vendoredContent(PROJECT_ROOT, file));
  console.log(`node_modules/${file.from} → public/vendor/${file.to}`);
}
