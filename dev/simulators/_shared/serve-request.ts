/**
 * What every simulator does around a vendor's answer, the same for all of them: count the request,
 * wait the configured latency, let a queued or random fault stand in for the answer, and record
 * how the request ended (its status, a dropped socket, or a client that had already gone).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { hangFor, type FaultKind, type FaultSpec } from './fault-queue.js';
import { writeResponse, type SimResponse } from './http-io.js';
import type { StatsRecorder } from './simulator-stats.js';

/** An injected timeout that ends by destroying the socket instead of answering. */
export const DESTROY_SOCKET = Symbol('destroy socket');

export type Answer = SimResponse | typeof DESTROY_SOCKET;

export interface ServeContext<Endpoint extends string> {
  stats: StatsRecorder<Endpoint>;
  /** Added before every answer. */
  latencyMs?: number;
  /** The clock arrivals are stamped with (the simulator's own, so rate figures match its limits). Default Date.now. */
  nowMs?: () => number;
  /** The vendor's own answer when answering throws (a simulator bug must still look like a 5xx, not a hang). */
  internalError: () => SimResponse;
}

/** `key`: counted under it too (see StatsRecorder), e.g. the channel and day a request asks for. */
export async function serveRequest<Endpoint extends string>(
  req: IncomingMessage,
  res: ServerResponse,
  call: { endpoint: Endpoint; key?: string },
  context: ServeContext<Endpoint>,
  answer: () => Promise<Answer>,
): Promise<void> {
  const { stats } = context;
  stats.arrived(call.endpoint, (context.nowMs ?? Date.now)(), call.key);
  if (context.latencyMs) await sleep(context.latencyMs, undefined, { ref: false });
  const response = await answer().catch(context.internalError);
  // A client that gave up first (its own timeout) never got the answer: not a success.
  const gone = res.destroyed || req.socket.destroyed;
  stats.answered(call.endpoint, response === DESTROY_SOCKET ? 'destroyed' : gone ? 'abandoned' : response.status, call.key);
  if (response === DESTROY_SOCKET) req.socket.destroy();
  else writeResponse(res, response);
}

/**
 * What a fault does to a request: the vendor's response for it (`respond`), DESTROY_SOCKET after a
 * hang that drops the connection, or null when the request should be answered normally (no fault,
 * or a hang that then answers).
 */
export async function faultAnswer<Api extends string>(
  fault: FaultSpec<Api, FaultKind> | null,
  respond: (fault: FaultSpec<Api>, kind: Exclude<FaultKind, 'timeout'>) => SimResponse,
): Promise<Answer | null> {
  if (!fault) return null;
  if (fault.kind !== 'timeout') return respond(fault, fault.kind);
  return (await hangFor(fault)) ? DESTROY_SOCKET : null;
}
