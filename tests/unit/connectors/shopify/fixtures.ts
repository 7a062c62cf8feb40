import { readFileSync } from 'node:fs';

/** A recorded Shopify GraphQL node (shaped as the Admin API 2026-10 returns it), parsed. */
export function fixture(name: string): any {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}
