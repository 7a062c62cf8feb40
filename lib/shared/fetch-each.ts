/**
 * Runs `fetch` over `items` with at most `concurrency` at once, starting none once `stop()` says
 * so or one has failed. Answers each item's result at its index (undefined: not started, or
 * failed) and the first failure; the caller keeps whatever came back, gaps and all.
 */
export async function fetchEach<T, R>(items: readonly T[], fetch: (item: T) => Promise<R>, concurrency: number, stop: () => boolean): Promise<{ results: (R | undefined)[]; failure?: unknown }> {
  const results: (R | undefined)[] = Array.from({ length: items.length }, () => undefined);
  let failure: { error: unknown } | undefined;
  let next = 0;
  const lane = async () => {
    while (!failure && next < items.length && !stop()) {
      const at = next++;
      try {
        results[at] = await fetch(items[at] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return failure ? { results, failure: failure.error } : { results };
}
