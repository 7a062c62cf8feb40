import { describe, expect, it } from '@jest/globals';
import { parseReportQuery } from '../../../../dev/simulators/youtube/report-query.js';

const OWN = 'UCownownownownownownownQ';
const BASE = { ids: 'channel==MINE', startDate: '2025-01-01', endDate: '2025-01-31', metrics: 'views,likes' };

function parse(extra: Record<string, string>, base: Record<string, string> = BASE): ReturnType<typeof parseReportQuery> {
  return parseReportQuery(new URLSearchParams({ ...base, ...extra }), OWN);
}

/** The error envelope of a rejected query (status, reason, message). */
function rejection(extra: Record<string, string>, base?: Record<string, string>): { status: number; reason?: string; message?: string } {
  const result = parse(extra, base);
  if (result.ok) throw new Error('expected a rejection');
  const body = result.response.body as { error: { message: string; errors: { reason: string }[] } };
  return { status: result.response.status, reason: body.error.errors[0]?.reason, message: body.error.message };
}

const NOT_SUPPORTED = expect.stringContaining('The query is not supported.');

describe('parseReportQuery', () => {
  it('accepts the top-videos shape', () => {
    expect(parse({ dimensions: 'video', sort: '-views', maxResults: '200' })).toEqual({
      ok: true,
      query: {
        startDate: '2025-01-01',
        endDate: '2025-01-31',
        metrics: ['views', 'likes'],
        dimension: 'video',
        videoFilter: null,
        sort: { field: 'views', descending: true },
        maxResults: 200,
        startIndex: 1,
      },
    });
  });

  it.each([
    ['no maxResults', { dimensions: 'video', sort: '-views' }],
    ['maxResults over 200', { dimensions: 'video', sort: '-views', maxResults: '201' }],
    ['no sort', { dimensions: 'video', maxResults: '10' }],
    ['an ascending sort', { dimensions: 'video', sort: 'views', maxResults: '10' }],
    ['a sort metric not requested', { dimensions: 'video', sort: '-shares', maxResults: '10' }],
    ['day,video', { dimensions: 'day,video' }],
    ['video,day', { dimensions: 'video,day', sort: '-views', maxResults: '10' }],
    ['a country dimension', { dimensions: 'country' }],
    ['a country filter', { dimensions: 'day', filters: 'country==US' }],
    ['a sort by metric on days', { dimensions: 'day', sort: '-views' }],
    ['a sort on totals', { sort: '-views' }],
  ])('rejects %s as not supported', (_, extra) => {
    expect(rejection(extra)).toEqual({ status: 400, reason: 'badRequest', message: NOT_SUPPORTED });
  });

  it('accepts day reports with a video filter, a list of videos and sort=day', () => {
    const result = parse({ dimensions: 'day', filters: 'video==abc_DEF-123,zzz', sort: 'day' });
    expect(result.ok && result.query).toMatchObject({ dimension: 'day', videoFilter: ['abc_DEF-123', 'zzz'], sort: { field: 'day', descending: false } });
  });

  it('accepts totals, and the channel by its own id', () => {
    expect(parse({ ids: `channel==${OWN}` })).toMatchObject({ ok: true, query: { dimension: null, videoFilter: null } });
  });

  it('rejects an unknown metric naming it', () => {
    expect(rejection({ metrics: 'views,dislikez' })).toEqual({
      status: 400,
      reason: 'badRequest',
      message: 'Unknown identifier (dislikez) given in field parameters.metrics.',
    });
  });

  it('requires ids, startDate, endDate and metrics', () => {
    for (const name of ['ids', 'startDate', 'endDate', 'metrics']) {
      expect(rejection({}, { ...BASE, [name]: '' })).toMatchObject({ status: 400, reason: 'required' });
    }
  });

  it("forbids another channel's report", () => {
    expect(rejection({ ids: 'channel==UCsomeoneelse0000000000Q' })).toMatchObject({ status: 403, reason: 'forbidden' });
    expect(rejection({ ids: 'contentOwner==acme' })).toMatchObject({ status: 403 });
  });

  it('rejects malformed dates, reversed ranges and bad integers', () => {
    expect(rejection({ startDate: '2025-02-30' }).status).toBe(400);
    expect(rejection({ startDate: '2025-02-01' }).status).toBe(400);
    expect(rejection({ dimensions: 'day', maxResults: '0' }).status).toBe(400);
    expect(rejection({ dimensions: 'day', startIndex: 'x' }).status).toBe(400);
  });
});
