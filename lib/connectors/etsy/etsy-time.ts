/** Etsy's times are unix seconds (PLATFORMS.md); Sluice's are UTC Dates. */
export function dateOfEpochSeconds(seconds: number): Date {
  return new Date(seconds * 1_000);
}

/** The unix second holding `date` (rounded down: Etsy's bounds are whole seconds, inclusive). */
export function epochSecondsOf(date: Date): number {
  return Math.floor(date.getTime() / 1_000);
}
