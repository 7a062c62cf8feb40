import { fc, test } from '@fast-check/jest';
import { describe, expect, it } from '@jest/globals';
import { readBulkChunks, type BulkChunk, type BulkRecord } from '../../../../lib/connectors/shopify/bulk-jsonl.js';
import { PermanentError } from '../../../../lib/errors.js';

const CHILD_KEYS = { LineItem: 'lineItems', ProductVariant: 'variants' };
const encoder = new TextEncoder();

/** A body delivering `bytes` in network pieces of the given sizes (cycled), as a socket would split it. */
function bodyOf(bytes: Uint8Array, pieces: readonly number[] = [65_536]): ReadableStream<Uint8Array> & { canceled: boolean } {
  let at = 0;
  let turn = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const size = Math.max(1, pieces[turn++ % pieces.length]!);
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
    cancel() {
      (stream as unknown as { canceled: boolean }).canceled = true;
    },
  });
  return Object.assign(stream, { canceled: false });
}

async function readAll(bytes: Uint8Array, options: { maxLines: number; startLine?: number; startByte?: number; pieces?: number[] }): Promise<BulkChunk[]> {
  const chunks: BulkChunk[] = [];
  for await (const chunk of readBulkChunks(bodyOf(bytes, options.pieces), { startLine: options.startLine ?? 0, startByte: options.startByte ?? 0, maxLines: options.maxLines, childKeys: CHILD_KEYS })) {
    chunks.push(chunk);
  }
  return chunks;
}

const jsonl = (records: readonly object[], eol = '\n') => encoder.encode(records.map((r) => JSON.stringify(r) + eol).join(''));
const order = (n: number, extra: object = {}) => ({ id: `gid://shopify/Order/${n}`, name: `#${n}`, ...extra });
const line = (n: number, orderN: number, extra: object = {}) => ({ id: `gid://shopify/LineItem/${n}`, title: `Line ${n}`, __parentId: `gid://shopify/Order/${orderN}`, ...extra });

describe('readBulkChunks', () => {
  it('a grouped file: each order gets its lines under lineItems.nodes, in file order', async () => {
    const chunks = await readAll(jsonl([order(1), line(11, 1), line(12, 1), order(2), line(21, 2)]), { maxLines: 100 });
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.parents).toEqual([
      { ...order(1), lineItems: { nodes: [line(11, 1), line(12, 1)] } },
      { ...order(2), lineItems: { nodes: [line(21, 2)] } },
    ]);
    expect(chunks[0]!.orphans).toEqual([]);
  });

  it('an ungrouped file: children before their parent and far after it are attached alike', async () => {
    const records = [line(12, 1), order(2), { id: 'gid://shopify/Product/7', title: 'Mug' }, order(1), line(21, 2), { id: 'gid://shopify/ProductVariant/70', __parentId: 'gid://shopify/Product/7' }, line(11, 1)];
    const [chunk] = await readAll(jsonl(records), { maxLines: 100 });
    expect(chunk!.parents).toEqual([
      { ...order(2), lineItems: { nodes: [line(21, 2)] } },
      { id: 'gid://shopify/Product/7', title: 'Mug', variants: { nodes: [{ id: 'gid://shopify/ProductVariant/70', __parentId: 'gid://shopify/Product/7' }] } },
      { ...order(1), lineItems: { nodes: [line(12, 1), line(11, 1)] } },
    ]);
  });

  it('children whose parent is not in the chunk come back as orphans naming the parent', async () => {
    const chunks = await readAll(jsonl([line(11, 1), order(2), order(1), line(21, 2), line(12, 1)]), { maxLines: 2 });
    expect(chunks.map((c) => [c.parents.map((p) => p.id), c.orphans.map((o) => [o.parentId, o.record.id])])).toEqual([
      [['gid://shopify/Order/2'], [['gid://shopify/Order/1', 'gid://shopify/LineItem/11']]],
      [['gid://shopify/Order/1'], [['gid://shopify/Order/2', 'gid://shopify/LineItem/21']]],
      [[], [['gid://shopify/Order/1', 'gid://shopify/LineItem/12']]],
    ]);
    expect(chunks[1]!.parents[0]).toEqual(order(1));
  });

  it('positions are byte-exact with multi-byte UTF-8 split across network pieces, \\r\\n, and a last line without newline', async () => {
    const texts = [JSON.stringify(order(1, { note: 'Café ☕ 𝄞' })) + '\r\n', JSON.stringify(line(11, 1, { title: 'Ünïcødé 🍵' })) + '\n', JSON.stringify(order(2)) + '\r\n', JSON.stringify(order(3, { note: 'ß' }))];
    const bytes = encoder.encode(texts.join(''));
    const ends = texts.map((_, i) => Buffer.byteLength(texts.slice(0, i + 1).join('')));
    for (const pieces of [[1], [2, 3], [5], [7, 1, 13], [1 << 16]]) {
      const chunks = await readAll(bytes, { maxLines: 1, pieces });
      expect(chunks.map((c) => [c.endLine, c.endByte])).toEqual(ends.map((end, i) => [i + 1, end]));
      expect(chunks[0]!.parents[0]!.note).toBe('Café ☕ 𝄞');
      expect(chunks[1]!.orphans[0]!.record.title).toBe('Ünïcødé 🍵');
      expect(chunks[3]!.parents[0]!.note).toBe('ß');
    }
  });

  it('resuming at a checkpoint from a body that starts there continues exactly after it', async () => {
    const bytes = jsonl([order(1, { note: 'é' }), line(11, 1), order(2), line(21, 2), order(3)], '\r\n');
    const [first] = await readAll(bytes, { maxLines: 2 });
    const rest = await readAll(bytes.slice(first!.endByte), { maxLines: 2, startLine: first!.endLine, startByte: first!.endByte });
    expect(rest.map((c) => [c.parents.map((p) => p.id), c.orphans.map((o) => o.record.id), c.endLine, c.endByte])).toEqual([
      [['gid://shopify/Order/2'], [], 4, expect.any(Number)],
      [['gid://shopify/Order/3'], [], 5, bytes.length],
    ]);
    expect(rest[0]!.parents[0]!.lineItems).toEqual({ nodes: [line(21, 2)] });
  });

  it('a malformed line is a PermanentError naming its number in the whole file', async () => {
    const bytes = encoder.encode(`${JSON.stringify(order(1))}\n{"id": "gid://shopify/Order/2",\n${JSON.stringify(order(3))}\n`);
    await expect(readAll(bytes, { maxLines: 1, startLine: 40 })).rejects.toThrow(PermanentError);
    await expect(readAll(bytes, { maxLines: 1, startLine: 40 })).rejects.toThrow(/line 42\b/);
    await expect(readAll(encoder.encode('[1,2]\n'), { maxLines: 5 })).rejects.toThrow(/line 1\b.*not a JSON object/);
  });

  it('bytes that are not UTF-8 are refused (a replacement character would shift every later byte offset)', async () => {
    const bytes = new Uint8Array([...encoder.encode(`${JSON.stringify(order(1))}\n{"id":"`), 0xc3, 0x28, ...encoder.encode('"}\n')]);
    await expect(readAll(bytes, { maxLines: 10 })).rejects.toThrow(/line 2\b.*UTF-8/);
  });

  it('a child of a type childKeys does not name is refused wherever it lands (the query and the keys disagree)', async () => {
    const refund = { id: 'gid://shopify/Refund/5', __parentId: 'gid://shopify/Order/1' };
    await expect(readAll(jsonl([order(1), refund]), { maxLines: 10 })).rejects.toThrow(/line 2\b.*Refund/);
    await expect(readAll(jsonl([order(1), refund]), { maxLines: 1 })).rejects.toThrow(/line 2\b.*Refund/);
  });

  it('blank lines count for positions but carry no record; an empty body yields nothing', async () => {
    const chunks = await readAll(encoder.encode(`${JSON.stringify(order(1))}\n\r\n${JSON.stringify(order(2))}\n`), { maxLines: 2 });
    expect(chunks.map((c) => [c.parents.map((p) => p.id), c.endLine])).toEqual([[['gid://shopify/Order/1'], 2], [['gid://shopify/Order/2'], 3]]);
    expect(await readAll(new Uint8Array(0), { maxLines: 2 })).toEqual([]);
  });

  it('a consumer that stops early cancels the body', async () => {
    const body = bodyOf(jsonl([order(1), order(2), order(3)]), [1]);
    for await (const chunk of readBulkChunks(body, { startLine: 0, startByte: 0, maxLines: 1, childKeys: CHILD_KEYS })) {
      expect(chunk.parents).toHaveLength(1);
      break;
    }
    expect(body.canceled).toBe(true);
  });
});

/** Every record with its parent's id: what a chunked read must give whatever the chunking. */
function flatten(chunks: readonly BulkChunk[]): string[] {
  const rows: string[] = [];
  const walk = (record: BulkRecord, parentId: string | null) => {
    const { lineItems, ...rest } = record as BulkRecord & { lineItems?: { nodes: BulkRecord[] } };
    rows.push(JSON.stringify([parentId, rest]));
    for (const child of lineItems?.nodes ?? []) walk(child, String(record.id));
  };
  for (const chunk of chunks) {
    for (const parent of chunk.parents) walk(parent, null);
    for (const orphan of chunk.orphans) rows.push(JSON.stringify([orphan.parentId, orphan.record]));
  }
  return rows.sort();
}

const fileArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom('plain', 'Café ☕', '𝄞 ß', '')), { minLength: 1, maxLength: 12 })
  .chain((orders) => {
    const records: object[] = [];
    orders.forEach(([lines, note], o) => {
      records.push(order(o, { note }));
      for (let l = 0; l < lines; l++) records.push(line(o * 10 + l, o, { title: note }));
    });
    // Any order of the lines: children before or after their parents (groupObjects false).
    return fc.tuple(fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length }), fc.constantFrom('\n', '\r\n'), fc.boolean());
  });

describe('readBulkChunks: any chunk size, any split point', () => {
  test.prop([fileArb, fc.integer({ min: 1, max: 8 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 }), fc.nat()])(
    'one pass and a resume from any checkpoint give every record once, with its parent',
    async ([records, eol, lastNewline], maxLines, pieces, splitAt) => {
      let text = records.map((r) => JSON.stringify(r)).join(eol);
      if (lastNewline) text += eol;
      const bytes = encoder.encode(text);
      const expected = records.map((r) => JSON.stringify([(r as BulkRecord).__parentId ?? null, r])).sort();

      const onePass = await readAll(bytes, { maxLines, pieces });
      expect(flatten(onePass)).toEqual(expected);
      expect(onePass.at(-1)!.endByte).toBe(bytes.length);
      expect(onePass.at(-1)!.endLine).toBe(records.length);

      const stop = onePass[splitAt % onePass.length]!;
      const head = onePass.slice(0, (splitAt % onePass.length) + 1);
      const tail = await readAll(bytes.slice(stop.endByte), { maxLines, pieces, startLine: stop.endLine, startByte: stop.endByte });
      expect(flatten([...head, ...tail])).toEqual(expected);
      expect([...head, ...tail].map((c) => [c.endLine, c.endByte])).toEqual(onePass.map((c) => [c.endLine, c.endByte]));
    },
  );
});
