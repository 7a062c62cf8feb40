/**
 * A shop's query-cost bucket (https://shopify.dev/docs/api/usage/limits#the-leaky-bucket-algorithm):
 * it holds `capacity` points and refills `restorePerSecond` a second; a query needs its requested
 * cost available, takes it, and gets back what it did not actually spend. Time is the caller's.
 */
import type { BucketSpec } from './types.js';

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class CostBucket {
  private spec: BucketSpec;
  private available: number;
  private atMs: number;

  constructor(spec: BucketSpec, nowMs: number) {
    if (!(spec.capacity > 0 && spec.restorePerSecond > 0)) throw new Error('a cost bucket needs a positive capacity and restore rate');
    this.spec = spec;
    this.available = spec.capacity;
    this.atMs = nowMs;
  }

  /** A new size, full, as a plan change leaves it. */
  reset(spec: BucketSpec, nowMs: number): void {
    if (!(spec.capacity > 0 && spec.restorePerSecond > 0)) throw new Error('a cost bucket needs a positive capacity and restore rate');
    this.spec = spec;
    this.available = spec.capacity;
    this.atMs = nowMs;
  }

  /** Takes `cost` when that much is available; false (nothing taken) otherwise. */
  tryTake(cost: number, nowMs: number): boolean {
    this.refill(nowMs);
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number, nowMs: number): void {
    this.refill(nowMs);
    this.available = Math.min(this.spec.capacity, this.available + Math.max(0, points));
  }

  status(nowMs: number): ThrottleStatus {
    this.refill(nowMs);
    return { maximumAvailable: this.spec.capacity, currentlyAvailable: Math.floor(this.available), restoreRate: this.spec.restorePerSecond };
  }

  private refill(nowMs: number): void {
    if (nowMs > this.atMs) this.available = Math.min(this.spec.capacity, this.available + ((nowMs - this.atMs) / 1000) * this.spec.restorePerSecond);
    this.atMs = Math.max(this.atMs, nowMs);
  }
}
