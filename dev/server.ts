/**
 * `npm start`: the local server (dev/local-server/local-server.ts) until SIGINT/SIGTERM;
 * a second signal during shutdown exits at once. `npm start -- --no-crons` leaves the
 * `vercel.json` crons unscheduled (a harness that calls the cron endpoints itself, such as
 * the chaos run). Imported (tests, the demo), it only re-exports `startLocalServer`.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startLocalServer, type LocalServer } from './local-server/local-server.js';

export { startLocalServer, type LocalServer, type LocalServerOptions } from './local-server/local-server.js';

async function main(): Promise<void> {
  let server: LocalServer;
  try {
    const { values } = parseArgs({ options: { 'no-crons': { type: 'boolean', default: false } }, strict: true });
    server = await startLocalServer({ crons: !values['no-crons'] });
  } catch (error) {
    console.error(`sluice: the local server did not start: ${(error as Error).message}`);
    process.exit(1);
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log(`\n${signal}: shutting down…`);
      process.once(signal, () => process.exit(130));
      server.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('sluice: shutdown failed', error);
          process.exit(1);
        },
      );
    });
  }
}

/** tsx does not set `import.meta.main`, so compare the entry script with this file. */
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) await main();
