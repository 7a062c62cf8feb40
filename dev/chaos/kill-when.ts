/**
 * Kills one server at a chosen moment rather than a random one: `moment` is polled (typically
 * a look at the database: "a chunk has committed a step and work remains") and the server is
 * SIGKILLed as soon as it holds — a crash at a known point of the work, for focused tests.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServerProcess } from './server-process.js';

export interface KillWhenOptions {
  /** Between looks at the moment. Default 50 ms. */
  pollMs?: number;
  /** The moment must come within this. Default 30 s. */
  timeoutMs?: number;
  /** The work the moment belongs to (e.g. the dispatch call): once it has ended, the moment can no longer come. */
  work?: Promise<unknown>;
}

/** Resolves once the server was killed, with how long the moment took to come. */
export async function killWhen(server: Pick<ServerProcess, 'crash'>, moment: () => Promise<boolean>, options: KillWhenOptions = {}): Promise<{ waitedMs: number }> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 30_000;
  let workEnded = false;
  void options.work?.then(
    () => (workEnded = true),
    () => (workEnded = true),
  );
  for (;;) {
    // Read before the look: work that ended after a look that saw nothing can no longer bring the moment.
    const ended = workEnded;
    if (await moment()) {
      await server.crash();
      return { waitedMs: Date.now() - started };
    }
    if (ended) throw new Error('the work ended before the moment to kill the server came');
    if (Date.now() - started > timeoutMs) throw new Error(`the moment to kill the server did not come within ${timeoutMs} ms`);
    await sleep(options.pollMs ?? 50);
  }
}
