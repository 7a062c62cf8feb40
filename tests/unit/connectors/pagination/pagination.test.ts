import { describe, expect, it } from '@jest/globals';
import { ascendingTimePages, nextPosition, type TimePosition } from '../../../../lib/connectors/pagination/ascending-time-pages.js';
import { offsetPages } from '../../../../lib/connectors/pagination/offset-pages.js';
import { windowedOffsetPages } from '../../../../lib/connectors/pagination/windowed-offset-pages.js';

const collect = async <T>(pages: AsyncGenerator<T>) => {
  const seen: T[] = [];
  for await (const page of pages) seen.push(page);
  return seen;
};

describe('offsetPages', () => {
  const records = Array.from({ length: 250 }, (_, i) => i);
  const fetchFrom = (data: number[], calls: number[]) => async (offset: number, limit: number) => {
    calls.push(offset);
    return { count: data.length, results: data.slice(offset, offset + limit) };
  };

  it('walks every page, flagging the last, each with the offset to resume from', async () => {
    const calls: number[] = [];
    const pages = await collect(offsetPages(fetchFrom(records, calls), { limit: 100 }));
    expect(pages.map((p) => [p.offset, p.results.length, p.nextOffset, p.last])).toEqual([
      [0, 100, 100, false],
      [100, 100, 200, false],
      [200, 50, 250, true],
    ]);
    expect(pages.flatMap((p) => p.results)).toEqual(records);
  });

  it('resumes at a checkpointed offset', async () => {
    const calls: number[] = [];
    await collect(offsetPages(fetchFrom(records, calls), { limit: 100, startOffset: 200 }));
    expect(calls).toEqual([200]);
  });

  it('stops at the count without an empty extra call, and at an empty first page', async () => {
    const calls: number[] = [];
    await collect(offsetPages(fetchFrom(records.slice(0, 200), calls), { limit: 100 }));
    expect(calls).toEqual([0, 100]);
    const empty = await collect(offsetPages(fetchFrom([], []), { limit: 100 }));
    expect(empty).toEqual([{ results: [], count: 0, offset: 0, nextOffset: 0, last: true }]);
  });

  it('an empty page before the count (records gone meanwhile) ends the walk instead of looping', async () => {
    const pages = await collect(offsetPages(async () => ({ count: 500, results: [] }), { limit: 100 }));
    expect(pages).toHaveLength(1);
  });
});

describe('ascendingTimePages', () => {
  interface Rec {
    id: number;
    time: number;
  }
  /** A vendor sorting by (time, id) between `from` and a fixed upper bound, with offsets. */
  const vendor = (data: Rec[], upper: number, calls: TimePosition[], between?: (call: number) => void) => async (position: TimePosition, limit: number) => {
    between?.(calls.length);
    calls.push(position);
    const matching = data.filter((r) => r.time >= position.from && r.time <= upper).sort((a, b) => a.time - b.time || a.id - b.id);
    return { count: matching.length, results: matching.slice(position.skip, position.skip + limit) };
  };

  it('restarts each page at the newest time read, re-reading its ties; a page wholly at one time moves the offset', async () => {
    const data = Array.from({ length: 7 }, (_, i) => ({ id: i, time: [10, 11, 12, 12, 12, 13, 14][i]! }));
    const calls: TimePosition[] = [];
    const pages = await collect(ascendingTimePages(vendor(data, 100, calls), { limit: 3, start: { from: 10, skip: 0 }, timeOf: (r) => r.time }));
    expect(calls).toEqual([
      { from: 10, skip: 0 },
      { from: 12, skip: 0 },
      { from: 12, skip: 3 },
    ]);
    expect(pages.flatMap((p) => p.results.map((r) => r.id))).toEqual([0, 1, 2, 2, 3, 4, 5, 6]);
    expect(pages.at(-1)!.last).toBe(true);
  });

  it('a record that changes again mid-walk (leaving the bounds) makes no other record skipped — plain offsets would skip one', async () => {
    const data = Array.from({ length: 6 }, (_, i) => ({ id: i, time: 10 + i }));
    // After the first page, record 1 is modified again: its time moves past the fixed upper bound.
    const touch = (call: number) => {
      if (call === 1) data[1]!.time = 1_000;
    };
    const pages = await collect(ascendingTimePages(vendor(data, 100, [], touch), { limit: 3, start: { from: 10, skip: 0 }, timeOf: (r) => r.time }));
    expect(new Set(pages.flatMap((p) => p.results.map((r) => r.id)))).toEqual(new Set([0, 1, 2, 3, 4, 5]));

    // The same change under plain offsets loses record 3.
    const plain = Array.from({ length: 6 }, (_, i) => ({ id: i, time: 10 + i }));
    const read: number[] = [];
    for (let offset = 0, call = 0; ; offset += 3, call++) {
      if (call === 1) plain[1]!.time = 1_000;
      const page = plain.filter((r) => r.time <= 100).sort((a, b) => a.time - b.time).slice(offset, offset + 3);
      read.push(...page.map((r) => r.id));
      if (page.length < 3) break;
    }
    expect(read).not.toContain(3);
  });

  it('a tie already read that changes again mid-walk makes no unread tie skipped (review 11 #3)', async () => {
    // Three records share second 12; the first page reads two of them. Record 2 (at 12, read) is
    // then modified again and leaves the bounds: with {from: 12, skip: 2} record 4 would move up
    // to offset 1 and be jumped over, while the walk's cursor moved past it.
    const data = [
      { id: 0, time: 10 },
      { id: 1, time: 12 },
      { id: 2, time: 12 },
      { id: 3, time: 12 },
      { id: 4, time: 13 },
    ];
    const touch = (call: number) => {
      if (call === 1) data[2]!.time = 1_000;
    };
    const pages = await collect(ascendingTimePages(vendor(data, 100, [], touch), { limit: 3, start: { from: 10, skip: 0 }, timeOf: (r) => r.time }));
    expect(new Set(pages.flatMap((p) => p.results.map((r) => r.id)))).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it('a page spanning seconds restarts at its newest second with no offset (ties re-read); one within a second moves the offset', () => {
    expect(nextPosition({ from: 12, skip: 2 }, [12, 12, 12])).toEqual({ from: 12, skip: 5 });
    expect(nextPosition({ from: 12, skip: 2 }, [])).toEqual({ from: 12, skip: 2 });
    expect(nextPosition({ from: 10, skip: 0 }, [10, 12, 12])).toEqual({ from: 12, skip: 0 });
    expect(nextPosition({ from: 10, skip: 0 }, [12, 12, 12])).toEqual({ from: 12, skip: 3 });
  });
});

describe('windowedOffsetPages', () => {
  const windowAt = (start: number, until: number) => ({ start, end: Math.min(start + 9, until) });
  const times = [0, 1, 2, 3, 4, 15, 16, 29];
  const fetchFrom = (calls: string[]) => async (window: { start: number; end: number }, offset: number, limit: number) => {
    calls.push(`${window.start}-${window.end}@${offset}`);
    const inside = times.filter((t) => t >= window.start && t <= window.end);
    return { count: inside.length, results: inside.slice(offset, offset + limit) };
  };

  it('walks adjacent windows oldest first, paging inside each, an empty window as one empty page, the last page flagged finished', async () => {
    const calls: string[] = [];
    const pages = await collect(windowedOffsetPages(fetchFrom(calls), { limit: 3, start: { windowStart: 0, offset: 0 }, until: 34, windowAt }));
    expect(calls).toEqual(['0-9@0', '0-9@3', '10-19@0', '20-29@0', '30-34@0']);
    expect(pages.flatMap((p) => p.results)).toEqual(times);
    expect(pages.map((p) => p.next)).toEqual([
      { windowStart: 0, offset: 3 },
      { windowStart: 10, offset: 0 },
      { windowStart: 20, offset: 0 },
      { windowStart: 30, offset: 0 },
      { windowStart: 35, offset: 0 },
    ]);
    expect(pages.map((p) => p.finished)).toEqual([false, false, false, false, true]);
  });

  it('resumes inside a window at its offset, and yields nothing from past the range', async () => {
    const calls: string[] = [];
    await collect(windowedOffsetPages(fetchFrom(calls), { limit: 3, start: { windowStart: 0, offset: 3 }, until: 9, windowAt }));
    expect(calls).toEqual(['0-9@3']);
    expect(await collect(windowedOffsetPages(fetchFrom([]), { limit: 3, start: { windowStart: 10, offset: 0 }, until: 9, windowAt }))).toEqual([]);
  });
});
