/**
 * Configuration is missing or wrong (a bad `DATABASE_URL`, a missing secret): the operator
 * must act. Defined here, in the lowest layer, because db/ imports nothing from lib/; lib's
 * errors module re-exports it with the other typed errors.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
