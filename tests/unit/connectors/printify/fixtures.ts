import { readFileSync } from 'node:fs';

/** A recorded Printify answer (the documented examples of https://developers.printify.com/), parsed. */
export function fixture(name: string): any {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}
