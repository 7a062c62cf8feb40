/**
 * One request's life in any simulator, around the vendor's own handler: counted on arrival,
 * delayed by the configured latency, met by an injected or random fault, answered, and counted
 * again with how it ended. What a fault or a crash answers is the vendor's envelope, passed in.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { hangFor, type FaultKind, type FaultQueue, type FaultSpec } from './fault-queue.js';
import { writeResponse, type SimResponse } from './http-io.js';
import type { RandomFaults } from './random-faults.js';
import type { StatsRecorder } from './simulator-stats.js';

/** An answer that is no answer: the socket is dropped (an injected timeout that ends so). */
export const DESTROY = Symbol('destroy socket');
export type Outcome = SimResponse | typeof DESTROY;

export interface RequestCycle<Endpoint extends string> {
  stats: StatsRecorder<Endpoint>;
  endpoint: Endpoint;
  /** Counted per key as well (see StatsRecorder), e.g. the account or the report day. */
  key?: string;
  latencyMs?: number;
  answer(): Promise<Outcome>;
  /** The vendor's answer when `answer` throws (its 500). */
  crashed(): SimResponse;
  /** Arrival time for the stats. Default Date.now. */
  nowMs?: () => number;
}

export async function serveRequest<Endpoint extends string>(req: IncomingMessage, res: ServerResponse, cycle: RequestCycle<Endpoint>): Promise<void> {
  const { stats, endpoint, key } = cycle;
  stats.arrived(endpoint, (cycle.nowMs ?? Date.now)(), key);
  if (cycle.latencyMs) await sleep(cycle.latencyMs, undefined, { ref: false });
  const outcome = await cycle.answer().catch(() => cycle.crashed());
  // A client that gave up first (its own timeout) never got the answer: not a success.
  const gone = res.destroyed || req.socket.destroyed;
  stats.answered(endpoint, outcome === DESTROY ? 'destroyed' : gone ? 'abandoned' : outcome.status, key);
  if (outcome === DESTROY) req.socket.destroy();
  else writeResponse(res, outcome);
}

/** The fault this request meets: the first queued one for `api`, else a random draw; null for none. */
export function nextFault<Api extends string>(api: Api, queue: FaultQueue<Api>, random: RandomFaults<Api> | null): FaultSpec<Api> | null {
  return queue.take(api) ?? random?.draw(api) ?? null;
}

/**
 * What a fault does: the vendor's response for its kind; for a timeout, a hang and then DESTROY
 * or null (go on and answer normally, late). Null too when there is no fault.
 */
export async function faultOutcome<Api extends string>(
  fault: FaultSpec<Api> | null,
  respond: (fault: FaultSpec<Api>, kind: Exclude<FaultKind, 'timeout'>) => SimResponse,
): Promise<Outcome | null> {
  if (!fault) return null;
  if (fault.kind !== 'timeout') return respond(fault, fault.kind);
  return (await hangFor(fault)) ? DESTROY : null;
}
