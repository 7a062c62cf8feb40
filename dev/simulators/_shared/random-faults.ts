/**
 * Faults at random, at given rates per request, from a seeded PRNG: the "flaky vendor" of a chaos
 * run, beside the queued faults of fault-queue.ts (which tests use to script one exact sequence).
 * A draw becomes an ordinary `FaultSpec`, so it is answered with the same vendor envelope as an
 * injected fault of its kind. With the same seed, the same sequence of requests meets the same
 * faults; across processes the order of requests varies, and so do the faults each one meets.
 */
import { mulberry32 } from './seeded-random.js';
import type { FaultSpec } from './fault-queue.js';

/** Each a probability in [0, 1] per request; together at most 1. */
export interface FaultRates {
  /** 5xx `backendError`, 500 or 503 with equal odds. */
  serverError?: number;
  /** 429 with `Retry-After`. */
  rateLimited?: number;
  /** No answer: hangs `timeoutMs`, then drops the socket. */
  timeout?: number;
}

export const FAULT_RATE_KINDS = ['serverError', 'rateLimited', 'timeout'] as const satisfies readonly (keyof FaultRates)[];

export interface RandomFaultsOptions<Api extends string> {
  rates: FaultRates;
  /** Which APIs the rates apply to; requests to others never draw. */
  apis: readonly Api[];
  /** Default 1. */
  seed?: number;
  /** rateLimited: the Retry-After header, seconds. Default 1. */
  retryAfterSeconds?: number;
  /**
   * timeout: how long to hang before dropping the socket. Default 11 s, past the 10 s a client
   * such as Sluice's waits, so the client gives up first, as it would on a dead connection.
   */
  timeoutMs?: number;
}

export const DEFAULT_RANDOM_TIMEOUT_MS = 11_000;

/**
 * How a simulator's options make it misbehave on purpose, the same in each simulator: latency on
 * every answer (serveRequest waits it) and faults at random (`randomFaultsFrom`).
 */
export interface FaultSettings {
  /** Added before every response. Default 0. */
  latencyMs?: number;
  /** Random faults at these rates per request to the APIs the simulator names (its API, not OAuth); a queued fault goes first. Default: none. */
  faultRates?: FaultRates;
  /** Seed of the random faults. Default 1. */
  faultSeed?: number;
  /** A random timeout hangs this long, then drops the socket. Default 11000: past the 10 s Sluice waits. */
  faultTimeoutMs?: number;
  /** Retry-After of a random 429, seconds. Default 1. */
  faultRetryAfterSeconds?: number;
}

/** Throws naming the rate that is not a probability, or when they add up past 1. */
export function validateFaultRates(rates: FaultRates): void {
  for (const kind of Object.keys(rates)) {
    if (!(FAULT_RATE_KINDS as readonly string[]).includes(kind)) throw new Error(`unknown fault rate "${kind}" (expected ${FAULT_RATE_KINDS.join(', ')})`);
  }
  for (const kind of FAULT_RATE_KINDS) {
    const rate = rates[kind];
    if (rate !== undefined && !(Number.isFinite(rate) && rate >= 0 && rate <= 1)) throw new Error(`fault rate ${kind}=${rate} is not a probability in [0, 1]`);
  }
  const total = FAULT_RATE_KINDS.reduce((sum, kind) => sum + (rates[kind] ?? 0), 0);
  if (total > 1 + 1e-9) throw new Error(`fault rates add up to ${total}, more than 1`);
}

export class RandomFaults<Api extends string> {
  private readonly random: () => number;
  private readonly options: RandomFaultsOptions<Api>;

  constructor(options: RandomFaultsOptions<Api>) {
    validateFaultRates(options.rates);
    this.options = options;
    this.random = mulberry32(options.seed ?? 1);
  }

  /**
   * The fault this request meets, or null. Exactly one draw per request to a listed API (a second
   * one picks 500 or 503), so the sequence of faults depends only on the seed and the requests.
   */
  draw(api: Api): FaultSpec<Api> | null {
    if (!this.options.apis.includes(api)) return null;
    const { rates } = this.options;
    let threshold = 0;
    const roll = this.random();
    if (roll < (threshold += rates.serverError ?? 0)) return { api, kind: 'serverError', status: this.random() < 0.5 ? 500 : 503 };
    if (roll < (threshold += rates.rateLimited ?? 0)) return { api, kind: 'rateLimited', retryAfterSeconds: this.options.retryAfterSeconds ?? 1 };
    if (roll < (threshold += rates.timeout ?? 0)) {
      return { api, kind: 'timeout', timeoutMs: this.options.timeoutMs ?? DEFAULT_RANDOM_TIMEOUT_MS, destroySocket: true };
    }
    return null;
  }
}

/** The random faults a simulator's settings ask for on `apis`; null when they set no rates. */
export function randomFaultsFrom<Api extends string>(settings: FaultSettings, apis: readonly Api[]): RandomFaults<Api> | null {
  const { faultRates, faultSeed, faultTimeoutMs, faultRetryAfterSeconds } = settings;
  return faultRates ? new RandomFaults({ rates: faultRates, apis, seed: faultSeed, timeoutMs: faultTimeoutMs, retryAfterSeconds: faultRetryAfterSeconds }) : null;
}
