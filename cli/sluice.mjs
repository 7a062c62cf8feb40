#!/usr/bin/env node
// `npx sluice …` (package.json "bin"). Plain JavaScript because Node's own type stripping
// cannot run our TypeScript (its imports name `.js` files that exist as `.ts`): tsx's loader
// is registered first, then the CLI is imported. npx puts node_modules/.bin first on PATH,
// so `node` above is the project's Node 24 even when the shell's is older.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./run-cli.ts');
const code = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  onInterrupt: (listener) => {
    process.once('SIGINT', listener);
    return () => process.off('SIGINT', listener);
  },
});
// Exit once the output is flushed (a pipe may still hold it), without waiting for idle sockets.
process.stdout.write('', () => process.exit(code));
