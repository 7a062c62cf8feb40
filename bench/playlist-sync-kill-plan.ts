/**
 * When the playlist-sync bench (bench/playlist-sync.bench.ts) kills the server: at the sync's n-th
 * write to YouTube. One kill among the creates, one among the deletes (when there are two or more),
 * each before the stage's last write so that it finds the stage unfinished; the rest spread over
 * the adds. Pure; `random` in [0, 1).
 */
/** Write numbers to kill at: sorted, distinct, within 1..writes − 1. */
export function killPlan(writes: number, created: number, deleted: number, kills: number, random: () => number): number[] {
  const at = new Set<number>();
  const pick = (from: number, to: number) => from + Math.floor(random() * (to - from + 1));
  // Not after the last create (nor the last delete): the kill must find the stage's work unfinished.
  if (kills >= 1 && created >= 1) at.add(pick(1, Math.max(1, created - 1)));
  if (kills >= 2 && deleted >= 2) at.add(pick(writes - deleted + 1, writes - 1));
  for (let tries = 0; at.size < Math.min(kills, writes - 1) && tries < 10_000; tries++) at.add(pick(created + 1, writes - deleted));
  return [...at].filter((n) => n >= 1 && n <= writes - 1).sort((a, b) => a - b);
}

