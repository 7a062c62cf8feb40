/**
 * `public/` served as the deployment serves it (scripts/build-vercel-output.ts publishes
 * exactly that folder): `/x` is the file `x`, else `x/index.html`; `/` is `index.html`.
 * Nothing outside `public/` is reachable.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export interface PublicFile {
  contentType: string;
  body: Buffer;
}

/** The file `pathname` names under `publicDir`, or undefined. */
export async function findPublicFile(publicDir: string, pathname: string): Promise<PublicFile | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const relative = normalize(decoded).replace(/^[/\\]+/, '');
  if (relative.split(sep).includes('..') || decoded.includes('\0')) return undefined;
  for (const candidate of [relative, join(relative, 'index.html')]) {
    const file = join(publicDir, candidate);
    if (!file.startsWith(publicDir + sep) || !(await isFile(file))) continue;
    return { contentType: CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', body: await readFile(file) };
  }
  return undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
