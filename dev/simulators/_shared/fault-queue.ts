/**
 * Injected faults: a queue consumed in order by the next requests to the matching API. What a fault
 * answers is the vendor's own error envelope, so each simulator writes its responses; a timeout
 * answers nothing, the same for every vendor, so it is here.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export type FaultKind = 'rateLimited' | 'serverError' | 'quotaExceeded' | 'unauthorized' | 'badRequest' | 'timeout';

/**
 * `Api`: the simulator's names for the APIs it fakes, e.g. 'oauth' | 'data' | 'analytics'.
 * `Kind`: the faults it answers; a simulator with writes adds CommitFaultKind (commit-faults.ts).
 */
export interface FaultSpec<Api extends string, Kind extends string = FaultKind> {
  api: Api;
  kind: Kind;
  /**
   * Only requests to this endpoint (the simulator's stats name, e.g. 'data.playlistItems.insert')
   * meet it, count towards `after`, or wait behind it; requests to the API's other endpoints pass
   * it by. Default: every endpoint of `api`.
   */
  endpoint?: string;
  /** How many of the next matching requests get it. Default 1. */
  count?: number;
  /**
   * How many matching requests pass untouched before it applies (default 0): a fault part-way
   * through a walk, e.g. once the first pages are committed. Faults queued after it for the same
   * API wait behind it.
   */
  after?: number;
  /** rateLimited: the Retry-After header, seconds. Default 1. */
  retryAfterSeconds?: number;
  /** serverError: 500 (default) or 503. */
  status?: 500 | 503;
  /** timeout: how long to hang before going on. Default 30000. */
  timeoutMs?: number;
  /** timeout: destroy the socket after the hang instead of answering normally. */
  destroySocket?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export class FaultQueue<Api extends string, Spec extends FaultSpec<Api, string> = FaultSpec<Api>> {
  private readonly queue: { fault: Spec; remaining: number; passing: number }[] = [];

  push(faults: readonly Spec[]): void {
    for (const fault of faults) this.queue.push({ fault, remaining: fault.count ?? 1, passing: fault.after ?? 0 });
  }

  /**
   * The first queued fault for a request to `api` (at `endpoint`), used up by this call; null when
   * none is queued or it lets this request pass (`after`).
   */
  take(api: Api, endpoint?: string): Spec | null {
    const index = this.queue.findIndex(({ fault }) => fault.api === api && (fault.endpoint === undefined || fault.endpoint === endpoint));
    const entry = this.queue[index];
    if (!entry) return null;
    if (entry.passing > 0) {
      entry.passing -= 1;
      return null;
    }
    if (--entry.remaining <= 0) this.queue.splice(index, 1);
    return entry.fault;
  }
}

/**
 * Hangs as an injected timeout asks; true when the request should then end with a dropped socket
 * rather than its normal answer. The timer is unref'd so a pending hang never keeps a process alive.
 */
export async function hangFor(fault: FaultSpec<string, string>): Promise<boolean> {
  await sleep(fault.timeoutMs ?? DEFAULT_TIMEOUT_MS, undefined, { ref: false });
  return fault.destroySocket === true;
}
