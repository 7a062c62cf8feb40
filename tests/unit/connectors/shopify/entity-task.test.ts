import { describe, expect, it } from '@jest/globals';
import { afterPoll, backfillSearch, BULK_POLL_MAX_MS, BULK_POLL_MS, bulkPollDelayMs, RECENT_ORDERS_DAYS } from '../../../../lib/connectors/shopify/entity.task.js';
import type { BulkOperationState } from '../../../../lib/connectors/shopify/shopify.client.js';
import type { CommercePayload } from '../../../../lib/connectors/sync/commerce-plan.js';

const operation = (status: BulkOperationState['status'], more: Partial<BulkOperationState> = {}): BulkOperationState => ({
  id: 'gid://shopify/BulkOperation/1',
  status,
  errorCode: null,
  objectCount: 3,
  url: 'https://storage.example/bulk/1.jsonl',
  partialDataUrl: null,
  ...more,
});

describe('afterPoll: where a polled bulk operation leaves the read', () => {
  it('a running operation is polled again later', () => {
    for (const status of ['CREATED', 'RUNNING', 'CANCELING'] as const) expect(afterPoll(operation(status))).toBe('running');
  });
  it('a completed one is downloaded from its first line (the signed URL is asked for again on each resume, never kept); one that matched nothing (null url) ends the read', () => {
    expect(afterPoll(operation('COMPLETED'))).toEqual({ phase: 'download', operationId: 'gid://shopify/BulkOperation/1', line: 0, byte: 0, lines: 3 });
    expect(afterPoll(operation('COMPLETED', { url: null, objectCount: 0 }))).toEqual({ phase: 'finished' });
  });
  it('a completed one with objects but no url (its file gone) is no proof of an empty catalogue: pages read it', () => {
    expect(afterPoll(operation('COMPLETED', { url: null, objectCount: 3 }))).toMatchObject({ phase: 'pages', after: null });
  });
  it('failed, cancelled or expired falls back to pages, saying why', () => {
    expect(afterPoll(operation('FAILED', { errorCode: 'TIMEOUT', url: null }))).toEqual({ phase: 'pages', after: null, fallback: 'bulk operation gid://shopify/BulkOperation/1 ended FAILED (TIMEOUT)' });
    for (const status of ['CANCELED', 'EXPIRED'] as const) expect(afterPoll(operation(status))).toMatchObject({ phase: 'pages', after: null });
  });
});

describe('backfillSearch', () => {
  const now = new Date('2026-11-29T12:00:00.000Z');
  const payload = (since: string | null, until: string | null): { payload: CommercePayload } => ({ payload: { entity: 'orders', mode: 'backfill', since, until, after: null, next: null } });
  const all = 'read_orders read_all_orders read_products read_customers';
  const recent = 'read_orders read_products read_customers';

  it('orders: created in the window, as full UTC timestamps', () => {
    expect(backfillSearch(payload('2026-01-01T00:00:00.000Z', '2026-11-29T12:00:00.000Z'), 'orders', all, now)).toBe("created_at:>='2026-01-01T00:00:00Z' AND created_at:<'2026-11-29T12:00:01Z'");
    expect(backfillSearch(payload(null, null), 'orders', all, now)).toBeNull();
  });
  it(`orders without read_all_orders: the last ${RECENT_ORDERS_DAYS} days, however far back the window starts`, () => {
    expect(backfillSearch(payload(null, null), 'orders', recent, now)).toBe("created_at:>='2026-09-30T12:00:00Z'");
    expect(backfillSearch(payload('2026-11-01T00:00:00.000Z', null), 'orders', recent, now)).toBe("created_at:>='2026-11-01T00:00:00Z'");
  });
  it('products and customers are read whole: their current state', () => {
    expect(backfillSearch(payload('2026-01-01T00:00:00.000Z', null), 'products', recent, now)).toBeNull();
    expect(backfillSearch(payload('2026-01-01T00:00:00.000Z', null), 'customers', all, now)).toBeNull();
  });
});

describe('bulkPollDelayMs', () => {
  it('polls a young operation every few seconds and an old one about once a minute', () => {
    expect(bulkPollDelayMs(0)).toBe(BULK_POLL_MS);
    expect(bulkPollDelayMs(10_000)).toBe(BULK_POLL_MS);
    expect(bulkPollDelayMs(100_000)).toBe(25_000);
    expect(bulkPollDelayMs(3_600_000)).toBe(BULK_POLL_MAX_MS);
  });
});
