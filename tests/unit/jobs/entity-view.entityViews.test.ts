import { describe, expect, it } from '@jest/globals';
import { entityViews } from '../../../lib/jobs/entity-view.js';
import { entityJobMessage } from '../../../lib/jobs/job-view.js';

const labels = {
  'etsy.orders': { verb: 'Syncing orders', unit: 'orders', entity: 'orders' },
  'etsy.listings': { verb: 'Syncing listings', unit: 'listings', entity: 'listings' },
  'etsy.payments': { verb: 'Syncing payments', unit: 'payments', entity: 'payments' },
};

describe('entityViews', () => {
  it('says where each entity stands in vendor records, with en-US separators and U+2026', () => {
    const views = entityViews(
      [
        { kind: 'etsy.orders', status: 'running', checkpoint: { v: 1, progress: { done: 450, total: 1200 } }, lastError: null },
        { kind: 'etsy.listings', status: 'queued', checkpoint: null, lastError: null },
        { kind: 'etsy.payments', status: 'queued', checkpoint: null, lastError: null },
      ],
      labels,
    );
    expect(views.map((v) => [v.entity, v.status, v.done, v.total])).toEqual([
      ['orders', 'running', 450, 1200],
      ['listings', 'pending', 0, null],
      ['payments', 'pending', 0, null],
    ]);
    expect(views[0]!.message).toBe('Syncing orders… 450/1,200');
    expect(entityJobMessage({ type: 'data-collection', status: 'running', reason: null, progress: { done: 0, total: 3 } }, views)).toBe('Syncing orders… 450/1,200');
  });

  it('counts a task that committed pages and waits for the next invocation as running; without a total, the count alone', () => {
    const [view] = entityViews([{ kind: 'etsy.payments', status: 'queued', checkpoint: { progress: { done: 12345, total: null } }, lastError: null }], labels);
    expect(view).toMatchObject({ status: 'running', total: null, message: 'Syncing payments… 12,345' });
  });

  it('reports a dead entity as failed with the vendor message, and the job line lists each outcome', () => {
    const views = entityViews(
      [
        { kind: 'etsy.orders', status: 'succeeded', checkpoint: { progress: { done: 3, total: 3 } }, lastError: null },
        { kind: 'etsy.listings', status: 'dead', checkpoint: null, lastError: 'PermanentError: 403 from /listings: insufficient scope' },
      ],
      labels,
    );
    expect(views.map((v) => v.status)).toEqual(['succeeded', 'failed']);
    expect(views[1]!.message).toContain('insufficient scope');
    expect(entityJobMessage({ type: 'data-collection', status: 'failed', reason: null, progress: { done: 2, total: 2 } }, views)).toBe('Failed: orders succeeded, listings failed');
  });

  it('leaves out kinds that are not entities', () => {
    expect(entityViews([{ kind: 'youtube.daily_channel', status: 'running', checkpoint: null, lastError: null }], { 'youtube.daily_channel': { verb: 'Fetching', unit: 'chunks' } })).toEqual([]);
  });
});
