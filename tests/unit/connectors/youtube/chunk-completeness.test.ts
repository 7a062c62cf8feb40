import { describe, expect, it } from '@jest/globals';
import { chunkCompleteness } from '../../../../lib/connectors/youtube/chunk-completeness.details.js';

const payload = { channel_id: 'UC1', run_for_dt: '2026-11-20' };
const v2 = (over: object) => ({ v: 2, through: null, capped_days: [], in_every_top_list: null, ...over });

describe('a chunk\'s completeness in the job status', () => {
  it.each([
    ['not started', 'queued', null, { top_list: 'pending', capped_days: 0, tail_videos: null, tail_fetched: 0 }],
    ['5 days read, none capped', 'running', v2({ through: '2026-11-19' }), { top_list: 'pending' }],
    ['all 7 read, none capped', 'succeeded', v2({ through: '2026-11-20' }), { top_list: 'complete', capped_days: 0 }],
    ['2 capped days, tail under way', 'running', v2({ through: '2026-11-20', capped_days: ['2026-11-14', '2026-11-15'], in_every_top_list: [], tail: { videos: 900, fetched: 120, after: 'x', ahead: [] } }), { top_list: 'capped', capped_days: 2, tail_videos: 900, tail_fetched: 120 }],
    ['ran before the state was kept (version 1)', 'succeeded', { v: 1, through: '2026-11-20' }, { top_list: 'unknown' }],
  ])('%s', (_, status, checkpoint, expected) => {
    expect(chunkCompleteness({ status: status as 'queued', payload, checkpoint })).toMatchObject({ run_for_dt: '2026-11-20', status, ...expected });
  });

  it('a task that is no daily chunk is left out', () => {
    expect(chunkCompleteness({ status: 'queued', payload: { other: true }, checkpoint: null })).toBeNull();
  });
});
