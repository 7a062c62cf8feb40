/**
 * Faults of unknown outcome, for simulators with writes: the request is answered for real — the
 * write happens — and then the client never learns it. 'commitThenTimeout' hangs and drops the
 * socket (as 'timeout' with destroySocket does), 'commitThenServerError' answers a 5xx instead of
 * the result. A client that retries blindly then writes twice: what these faults are for.
 */
import { hangFor, type FaultKind, type FaultSpec } from './fault-queue.js';
import type { SimResponse } from './http-io.js';
import { DESTROY_SOCKET, type Answer } from './serve-request.js';

export const COMMIT_FAULT_KINDS = ['commitThenTimeout', 'commitThenServerError'] as const;
export type CommitFaultKind = (typeof COMMIT_FAULT_KINDS)[number];

/** The faults of a simulator that takes both kinds. */
export type FaultOrCommitKind = FaultKind | CommitFaultKind;

export function isCommitFault<Api extends string>(fault: FaultSpec<Api, FaultOrCommitKind>): fault is FaultSpec<Api, CommitFaultKind> {
  return (COMMIT_FAULT_KINDS as readonly string[]).includes(fault.kind);
}

/**
 * Runs `answer` (the write is applied), then throws its result away: DESTROY_SOCKET after hanging
 * `timeoutMs`, or the vendor's `serverError` response (`fault.status`, default 500).
 */
export async function commitThenFail<Api extends string>(
  fault: FaultSpec<Api, CommitFaultKind>,
  answer: () => Promise<Answer>,
  serverError: (status: 500 | 503) => SimResponse,
): Promise<Answer> {
  await answer();
  if (fault.kind === 'commitThenServerError') return serverError(fault.status ?? 500);
  await hangFor({ ...fault, destroySocket: true });
  return DESTROY_SOCKET;
}
