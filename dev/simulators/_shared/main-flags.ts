/**
 * The command line of a simulator run as its own process (its `main.ts`): flags, each with an
 * environment fallback, read strictly so that a bad value fails with its name before anything
 * listens. Each simulator lists its own flags and turns them into its options.
 */
import { parseArgs } from 'node:util';
import { FAULT_RATE_KINDS, validateFaultRates, type FaultRates } from './random-faults.js';

export interface FlagSpec {
  /** The environment variable read when the flag is not given; an empty one counts as unset. */
  env: string;
}

export interface Flags<Flag extends string> {
  raw(flag: Flag): string | undefined;
  /** A whole number ≥ `min`, or undefined when unset; anything else throws naming the flag and its variable. */
  integer(flag: Flag, min: number): number | undefined;
}

/** Throws on a flag not in `specs` (node:util parseArgs' "Unknown option"). */
export function readFlags<Flag extends string>(argv: readonly string[], env: Record<string, string | undefined>, specs: Record<Flag, FlagSpec>): Flags<Flag> {
  const { values } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(Object.keys(specs).map((flag) => [flag, { type: 'string' as const }])),
    strict: true,
    allowPositionals: false,
  });
  const raw = (flag: Flag): string | undefined => (values[flag] as string | undefined) ?? (env[specs[flag].env] || undefined);
  return {
    raw,
    integer(flag, min) {
      const text = raw(flag);
      if (text === undefined) return undefined;
      if (!/^\d+$/.test(text) || Number(text) < min) throw new Error(`--${flag} (${specs[flag].env}) must be an integer ≥ ${min}, got "${text}"`);
      return Number(text);
    },
  };
}

/** `serverError=0.1,rateLimited=0.05,timeout=0.02` → rates; an unknown kind or a bad number throws. */
export function parseFaultRates(text: string): FaultRates {
  const rates: FaultRates = {};
  for (const part of text.split(',').map((entry) => entry.trim()).filter(Boolean)) {
    const [kind = '', value = '', ...rest] = part.split('=');
    if (!(FAULT_RATE_KINDS as readonly string[]).includes(kind) || rest.length > 0 || !/^\d*\.?\d+$/.test(value)) {
      throw new Error(`--fault-rates: "${part}" is not kind=probability with kind one of ${FAULT_RATE_KINDS.join(', ')}`);
    }
    rates[kind as keyof FaultRates] = Number(value);
  }
  validateFaultRates(rates);
  return rates;
}
