/**
 * One local server (`npm start` = dev/server.ts) as its own process, on a fixed port so that it can
 * be killed and started again at the same address. Crons are off: the harness calls dispatch itself.
 */
import { startChild, type RunningChild } from './child-process.js';

export interface ServerProcessOptions {
  port: number;
  /** DATABASE_URL, the secrets, the Google settings and any other variable the server reads. */
  env: Record<string, string>;
  logFile: string;
}

export interface ServerProcess {
  url: string;
  pid: number;
  /** SIGKILL: no shutdown, no finishing of anything in flight — a crashed instance. */
  crash(): Promise<void>;
  /** SIGTERM: the server's own graceful shutdown. */
  stop(): Promise<void>;
}

export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const child: RunningChild = await startChild({
    script: 'dev/server.ts',
    args: ['--no-crons'],
    env: { ...options.env, PORT: String(options.port) },
    logFile: options.logFile,
    // The banner's crons line must say "not scheduled": a server that ran its own dispatch cron
    // would be a claimer the harness does not know about (see chaos-run.ts, lease aging).
    ready: /Sluice local server listening on (http:\/\/\S+)[\s\S]*\n {2}crons .*not scheduled\n/,
  });
  return {
    url: child.match[1]!,
    pid: child.pid,
    crash: () => child.kill('SIGKILL'),
    stop: () => child.kill('SIGTERM'),
  };
}

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it), for a server that restarts on it. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
