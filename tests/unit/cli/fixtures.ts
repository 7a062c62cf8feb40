import type { Job } from '../../../cli/admin-schemas.js';

/** A job as the admin API answers it (the brief's Job shape), with overrides. */
export function jobJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 12,
    type: 'data-collection',
    status: 'running',
    reason: null,
    tenant_id: 'acme',
    platform: 'youtube',
    connection_id: 3,
    account_id: 'UC123',
    scope: 'acme:youtube:UC123:data-collection',
    config: { days: 28 },
    progress: { done: 12, total: 53, percent: 22.6, steps_done: 40 },
    message: 'Fetching daily metrics… 12/53 chunks',
    checkpoint: null,
    errors: [],
    scopes: [],
    created_at: '2026-05-01T10:00:00.000Z',
    updated_at: '2026-05-01T10:03:00.000Z',
    started_at: '2026-05-01T10:00:05.000Z',
    finished_at: null,
    eta: '2026-05-01T10:06:20.000Z',
    duration_seconds: null,
    outcome: null,
    error_summary: null,
    ...overrides,
  };
}

export function job(overrides: Record<string, unknown> = {}): Job {
  return jobJson(overrides) as unknown as Job;
}

export const NOW = new Date('2026-05-01T10:03:00.000Z');
