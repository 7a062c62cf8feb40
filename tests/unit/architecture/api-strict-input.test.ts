import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// Strict input (README "Endpoints"): request schemas under api/ are strict objects built from
// the bounded pieces of api/_lib/input-schemas.ts. Checked on the source text, so a new
// endpoint with a lenient object or an unbounded string fails here, not in production.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const apiFiles = readdirSync(join(ROOT, 'api'), { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
  .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
const code = (file: string) => readFileSync(join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
const offenders = (pattern: RegExp, except: string[] = []) => apiFiles.filter((file) => !except.includes(file) && pattern.test(code(file)));

describe('api/ request schemas', () => {
  it('finds the endpoints', () => {
    expect(apiFiles).toEqual(expect.arrayContaining(['api/oauth/youtube/exchange.ts', 'api/jobs/backfill/dispatch.ts', 'api/jobs/dispatch.ts', 'api/jobs/daily.ts']));
  });

  it('are strict objects: no z.object, looseObject, passthrough, loose or strip', () => {
    expect(offenders(/z\.object\(|z\.looseObject\(|\.passthrough\(|\.loose\(|\.strip\(/)).toEqual([]);
  });

  it('bound every string: no bare z.string(), z.any() or z.unknown() outside input-schemas.ts', () => {
    expect(offenders(/z\.string\(|z\.any\(|z\.unknown\(|z\.record\(/, ['api/_lib/input-schemas.ts'])).toEqual([]);
  });

  it('leave body parsing to the edge: no endpoint reads the request body itself', () => {
    expect(offenders(/\.json\(\)|\.text\(\)|\.arrayBuffer\(\)|\.formData\(\)|readJsonBody\(/, ['api/_lib/http.ts', 'api/_lib/json-body.ts'])).toEqual([]);
  });
});
