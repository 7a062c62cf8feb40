import { describe, expect, it } from '@jest/globals';
import type { Connection } from '../../../../lib/connections/connections.repository.js';
import type { JobParams } from '../../../../lib/connectors/connector.js';
import { printifyPlanners } from '../../../../lib/connectors/printify/printify.planners.js';
import type { CommercePayload } from '../../../../lib/connectors/sync/commerce-plan.js';
import { printifySettings } from './settings.js';

const connection = { id: 7, tenantId: 'acme', platform: 'printify', externalAccountId: '5432' } as Connection;
const backfill = (params: JobParams, now: Date, env: Record<string, string> = {}) =>
  printifyPlanners['data-collection']!({ connection, params, settings: printifySettings(env) }, now);
const sync = (now: Date, env: Record<string, string> = {}) => printifyPlanners.sync!({ connection, params: {}, settings: printifySettings(env) }, now);
const payloads = (plan: { tasks: { payload: unknown }[] }) => plan.tasks.map((task) => task.payload as CommercePayload);

describe('printify planners', () => {
  it('a backfill runs orders, then products, keyed by shop and window, chained in that order', () => {
    const plan = backfill({}, new Date('2026-11-29T10:15:00Z'));
    const keys = ['acme:printify:orders:5432:backfill:1970-01-01:2026-11-29', 'acme:printify:products:5432:backfill:1970-01-01:2026-11-29'];
    expect(plan.tasks.map((task) => [task.kind, task.dedupeKey])).toEqual([
      ['printify.orders', keys[0]],
      ['printify.products', keys[1]],
    ]);
    expect(payloads(plan)).toEqual([
      { entity: 'orders', mode: 'backfill', since: null, until: '2026-11-29T10:15:00.000Z', after: null, next: keys[1] },
      { entity: 'products', mode: 'backfill', since: null, until: '2026-11-29T10:15:00.000Z', after: keys[0], next: null },
    ]);
  });

  it('a backfill of the last days, or of one entity re-run alone', () => {
    const plan = backfill({ days: 30, entities: ['products'] }, new Date('2026-11-29T10:15:00Z'));
    expect(plan.tasks.map((task) => task.dedupeKey)).toEqual(['acme:printify:products:5432:backfill:2026-10-31:2026-11-29']);
    expect(payloads(plan)[0]).toMatchObject({ since: '2026-10-31T00:00:00.000Z', after: null, next: null });
    expect(() => backfill({ entities: ['listings'] }, new Date('2026-11-29T10:15:00Z'))).toThrow(/printify has no listings: one of orders, products/);
  });

  it('COMMERCE_BACKFILL_SINCE bounds the history', () => {
    expect(payloads(backfill({}, new Date('2026-11-29T10:15:00Z'), { COMMERCE_BACKFILL_SINCE: '2025-06-01' }))[0]!.since).toBe('2025-06-01T00:00:00.000Z');
  });

  it('a sync is keyed by its slot, both entities at once, so a second cron delivery enqueues nothing new', () => {
    const plan = sync(new Date('2026-11-29T10:59:59Z'));
    expect(plan.tasks.map((task) => task.dedupeKey)).toEqual(['acme:printify:orders:5432:sync:2026-11-29T10:00Z', 'acme:printify:products:5432:sync:2026-11-29T10:00Z']);
    expect(payloads(plan).map((p) => [p.mode, p.after])).toEqual([
      ['sync', null],
      ['sync', null],
    ]);
    expect(sync(new Date('2026-11-29T10:00:00Z')).tasks.map((task) => task.dedupeKey)).toEqual(plan.tasks.map((task) => task.dedupeKey));
  });

  it('no slot is special: the full re-read is the orders task’s decision (sync_cursors.full_read_at), so every slot plans the same payloads', () => {
    const midnight = payloads(sync(new Date('2026-12-31T00:20:00Z')));
    expect(payloads(sync(new Date('2026-12-31T01:20:00Z')))).toEqual(midnight);
    expect(midnight.every((p) => !('full' in p))).toBe(true);
  });
});
