/**
 * What Vercel's runtime tells a function about its invocation, reproduced locally:
 * `@vercel/functions` reads it from `globalThis[Symbol.for('@vercel/request-context')].get()`
 * (`getDeadline()`, `waitUntil()`), so a function finds its deadline the same way here as
 * on Vercel. One context per request, kept apart with AsyncLocalStorage.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface InvocationContext {
  /** ISO time at which Vercel would end the invocation (start + the function's maxDuration). */
  deadline: string;
  waitUntil(promise: Promise<unknown>): void;
}

const CONTEXT_SYMBOL = Symbol.for('@vercel/request-context');
const storage = new AsyncLocalStorage<InvocationContext>();

/** Makes `@vercel/functions` see the per-request contexts; returns a function that undoes it. */
export function installRequestContext(): () => void {
  const holder = globalThis as Record<symbol, unknown>;
  const previous = Object.getOwnPropertyDescriptor(holder, CONTEXT_SYMBOL);
  Object.defineProperty(holder, CONTEXT_SYMBOL, { configurable: true, value: { get: () => storage.getStore() ?? {} } });
  return () => {
    if (previous) Object.defineProperty(holder, CONTEXT_SYMBOL, previous);
    else delete holder[CONTEXT_SYMBOL];
  };
}

export function runInInvocation<T>(context: InvocationContext, run: () => T): T {
  return storage.run(context, run);
}
