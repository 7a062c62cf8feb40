/**
 * A queue worker in its own OS process, for the multi-process concurrency test. Prints
 * `ready`, waits for `go` on stdin (so all processes start together), drains the queue with
 * a no-op handler, and prints the ids it ran as one JSON line.
 * argv: DATABASE_URL STRATEGY WORKERS
 */
import { createInterface } from 'node:readline';
import { createDatabase } from '../../db/create-database.js';
import type { ClaimStrategy } from '../../lib/queue/claim-strategy.js';
import { drainQueue } from '../../lib/queue/drain-queue.js';
import { systemClock } from '../../lib/shared/clock.js';

const [url, strategy, workers] = process.argv.slice(2) as [string, ClaimStrategy, string];
const database = await createDatabase(url, { connectionLimit: Number(workers) + 1 });
const ran: number[] = [];
console.log('ready');
for await (const line of createInterface({ input: process.stdin })) if (line === 'go') break;
await Promise.all(
  Array.from({ length: Number(workers) }, () =>
    drainQueue({
      db: database.db,
      strategy,
      clock: systemClock,
      deadline: new Date(Date.now() + 120_000),
      batchSize: 20,
      concurrency: 4,
      leaseMs: 60_000,
      handle: async (task) => {
        ran.push(task.id);
        await new Promise((resolve) => setImmediate(resolve));
      },
    }),
  ),
);
console.log(JSON.stringify(ran));
await database.destroy();
