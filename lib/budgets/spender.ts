import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who is spending a budget: set around a task's run (live-connectors.ts), read by the budget
 * gate at each call. A platform client is shared by every task of a runtime and knows only the
 * API it calls; which account the vendor counts, whether the call is a backfill's, and how
 * long the task may wait belong to the task — so they travel with its async context instead
 * of through every client method. Outside a task (an OAuth exchange's identify call) there is
 * none: the call is not a backfill's and waits at most the gate's longest wait.
 */
export interface Spender {
  /** The connected account (its `external_account_id`): the key of account-scoped budgets. */
  accountKey: string | null;
  /** A backfill's call (its job is a `data-collection`): held to the backfill share. */
  backfill: boolean;
  /** No call may start after it: the invocation's deadline. */
  deadline: Date;
  /** Aborted when the task's lease is lost: a call waiting for its slot gives it back. */
  signal?: AbortSignal;
}

const storage = new AsyncLocalStorage<Spender>();

export function runAsSpender<T>(spender: Spender, work: () => Promise<T>): Promise<T> {
  return storage.run(spender, work);
}

export function currentSpender(): Spender | undefined {
  return storage.getStore();
}
