import { readFileSync } from 'node:fs';

/** A recorded Printify answer (the documented examples of https://developers.printify.com/), parsed. */
export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
}
