import { describe, expect, it } from '@jest/globals';
import { channelsList, type ChannelProfile } from '../../../../dev/simulators/youtube/channels-list.js';

const OWN: ChannelProfile = { id: 'UCaaaaaaaaaaaaaaaaaaaaaQ', title: 'Alice', publishedAt: '2023-01-01T00:00:00Z', statistics: { videoCount: 1500, viewCount: 123456789, subscriberCount: 370370 } };
const OTHER: ChannelProfile = { id: 'UCbbbbbbbbbbbbbbbbbbbbbQ', title: 'Bob', publishedAt: '2023-02-01T00:00:00Z', statistics: { videoCount: 3, viewCount: 10, subscriberCount: 0 } };
const lookup = (id: string): ChannelProfile | null => [OWN, OTHER].find((p) => p.id === id) ?? null;
const list = (query: string): { status: number; body: any } => channelsList(new URLSearchParams(query), OWN, lookup) as { status: number; body: any };

describe('channelsList', () => {
  it('returns the own channel for mine=true with the requested parts', () => {
    const { status, body } = list('part=snippet&part=contentDetails&mine=true');
    expect(status).toBe(200);
    expect(body).toMatchObject({ kind: 'youtube#channelListResponse', pageInfo: { totalResults: 1, resultsPerPage: 5 } });
    expect(body.items[0]).toMatchObject({
      kind: 'youtube#channel',
      id: OWN.id,
      snippet: { title: 'Alice', publishedAt: OWN.publishedAt },
      contentDetails: { relatedPlaylists: { uploads: 'UUaaaaaaaaaaaaaaaaaaaaaQ' } },
    });
    expect(list('part=id&mine=true').body.items[0]).not.toHaveProperty('snippet');
  });

  it('looks channels up by id', () => {
    expect(list('part=snippet&id=UCbbbbbbbbbbbbbbbbbbbbbQ,UCunknown').body.items.map((c: { id: string }) => c.id)).toEqual([OTHER.id]);
  });

  it('requires part and a filter, and rejects unknown parts', () => {
    expect(list('mine=true').body.error).toMatchObject({ code: 400, message: 'Required parameter: part', errors: [{ reason: 'required', location: 'part' }] });
    expect(list('part=snippet').body.error.errors[0].reason).toBe('missingRequiredParameter');
    expect(list('part=snippet,bogus&mine=true').body.error.errors[0]).toMatchObject({ reason: 'unknownPart', message: "'bogus'" });
  });
});

describe('channelsList statistics', () => {
  it('serves every part together, the counts as strings as Google sends uint64', () => {
    const { body } = list('part=snippet,contentDetails,statistics&mine=true');
    expect(body.items[0]).toMatchObject({
      snippet: { title: 'Alice' },
      contentDetails: { relatedPlaylists: { uploads: 'UUaaaaaaaaaaaaaaaaaaaaaQ' } },
      statistics: { videoCount: '1500', viewCount: '123456789', subscriberCount: '370370', hiddenSubscriberCount: false },
    });
    expect(list('part=contentDetails&mine=true').body.items[0]).not.toHaveProperty('statistics');
  });
});
