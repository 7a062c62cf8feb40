/**
 * A Sluice instance in its own OS process, for the concurrent-creates test: a runtime whose
 * registry holds the stepped test connector. Prints `ready`, waits for `go` on stdin (so all
 * processes start together), makes CREATES concurrent data-collection creates for one
 * connection, then runs one dispatcher invocation, and prints one JSON line: each create's
 * outcome and each handler run.
 * argv: DATABASE_URL TENANT CONNECTION_ID CREATES
 */
import { createInterface } from 'node:readline';
import { JobActiveError } from '../../lib/errors.js';
import { dispatch } from '../../lib/dispatcher/dispatch.js';
import { createJob } from '../../lib/jobs/jobs.service.js';
import { STEPPED } from './stepped-connector.js';
import { createSteppedRuntime } from './stepped-rig.js';

export type CreateOutcome = { created: number } | { active: number } | { error: string };

const [url, tenantId, connectionId, creates] = process.argv.slice(2) as [string, string, string, string];
const { runtime, controller } = await createSteppedRuntime(url, { concurrency: 2, settings: { tasksPerJob: 8, stepsPerTask: 3 } });
controller.stepDelayMs = 10; // the processes' dispatches overlap
console.log('ready');
for await (const line of createInterface({ input: process.stdin })) if (line === 'go') break;
const outcomes = await Promise.all(
  Array.from({ length: Number(creates) }, async (): Promise<CreateOutcome> => {
    try {
      const job = await createJob(runtime, { type: 'data-collection', platform: STEPPED, tenantId, connectionId: Number(connectionId), params: {} });
      return { created: job.id };
    } catch (error) {
      return error instanceof JobActiveError ? { active: error.jobId } : { error: String(error) };
    }
  }),
);
const summary = await dispatch(runtime, new Date(Date.now() + 60_000));
console.log(JSON.stringify({ outcomes, runs: controller.runs, summary }));
await runtime.database.destroy();
