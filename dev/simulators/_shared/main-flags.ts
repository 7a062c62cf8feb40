/**
 * The command line of a simulator run as its own process (its `main.ts`): `--flag value`, each flag
 * with an environment fallback (an empty variable counts as unset), read strictly so that a typo or
 * a bad value fails with its name before anything listens.
 */
import { parseArgs } from 'node:util';
import { FAULT_RATE_KINDS, validateFaultRates, type FaultRates, type FaultSettings } from './random-faults.js';

export type FlagSpecs<Flag extends string> = Record<Flag, { env: string }>;

export interface Flags<Flag extends string> {
  /** The flag's value, else its environment variable's, else undefined. */
  raw(flag: Flag): string | undefined;
  /** An integer ≥ `min`, or undefined when unset; anything else throws naming the flag. */
  integer(flag: Flag, min: number): number | undefined;
}

export function readFlags<Flag extends string>(specs: FlagSpecs<Flag>, argv: readonly string[], env: Record<string, string | undefined>): Flags<Flag> {
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

/** Sets each defined value on `target`: optional settings stay absent rather than `undefined`. */
export function assignDefined<T extends object>(target: T, values: Partial<T>): T {
  for (const [name, value] of Object.entries(values)) if (value !== undefined) Object.assign(target, { [name]: value });
  return target;
}

/** The flags of FaultSettings, the same in every simulator whose faults have a seed of their own. */
export const FAULT_FLAGS = {
  latency: { env: 'SIM_LATENCY_MS' },
  'fault-rates': { env: 'SIM_FAULT_RATES' },
  'fault-seed': { env: 'SIM_FAULT_SEED' },
  'timeout-ms': { env: 'SIM_TIMEOUT_MS' },
} as const satisfies FlagSpecs<string>;

/** The FaultSettings FAULT_FLAGS give, an unset one undefined (for assignDefined). */
export function faultSettings(flags: Flags<keyof typeof FAULT_FLAGS>): FaultSettings {
  const faultRates = flags.raw('fault-rates');
  return {
    latencyMs: flags.integer('latency', 0),
    faultRates: faultRates === undefined ? undefined : parseFaultRates(faultRates),
    faultSeed: flags.integer('fault-seed', 0),
    faultTimeoutMs: flags.integer('timeout-ms', 1),
  };
}
