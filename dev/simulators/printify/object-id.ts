/**
 * Printify's order and product ids are 24 hex digits, MongoDB ObjectIds ("5a96f649b2439217d070f507"):
 * 4 bytes of creation time in seconds, then 8 more. Here the 8 come from hashing `parts`, so an id
 * is unique per (seed, shop, row) and the same on every run.
 */
import { createHash } from 'node:crypto';

export function objectId(createdMs: number, ...parts: string[]): string {
  const seconds = Math.floor(createdMs / 1000).toString(16).padStart(8, '0');
  return seconds + createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 16);
}
