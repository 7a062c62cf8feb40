/**
 * The start every simulator's `main.ts` shares: its options read from the command line and the
 * environment (a bad one ends the process with status 2, naming it, before anything listens), the
 * simulator started on them, and closed on SIGINT or SIGTERM. What it then prints is its own.
 */
import type { SimulatorServer } from './simulator-server.js';

export async function startSimulatorMain<Options, Running extends SimulatorServer>(
  name: string,
  parse: (argv: readonly string[], env: Record<string, string | undefined>) => Options,
  start: (options: Options) => Promise<Running>,
): Promise<{ options: Options; simulator: Running }> {
  let options: Options;
  try {
    options = parse(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`${name}: ${(error as Error).message}`);
    process.exit(2);
  }
  const simulator = await start(options);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void simulator.close().then(() => process.exit(0)));
  return { options, simulator };
}
