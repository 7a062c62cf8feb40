import { expect, it } from '@jest/globals';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { readBulkChunks } from '../../../../lib/connectors/shopify/bulk-jsonl.js';

const FILE_BYTES = 200 * 1024 * 1024;
const PIECE_LINES = 256;
const MB = 1024 * 1024;

/** An ungrouped bulk file of FILE_BYTES, made piece by piece as it is pulled: never whole in memory. */
function lazyFile(): { body: ReadableStream<Uint8Array>; produced: () => number } {
  const encoder = new TextEncoder();
  let produced = 0;
  let n = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (produced >= FILE_BYTES) return controller.close();
      let text = '';
      for (let i = 0; i < PIECE_LINES; i++, n++) {
        // A line item a few lines before its order, the way an ungrouped file may come.
        text +=
          n % 4 === 3
            ? JSON.stringify({ id: `gid://shopify/Order/${n}`, name: `#${n}`, displayFinancialStatus: 'PAID', note: 'Café ☕ '.repeat(8) }) + '\n'
            : JSON.stringify({ id: `gid://shopify/LineItem/${n}`, title: 'Mug – 11 oz', quantity: 1, __parentId: `gid://shopify/Order/${n - (n % 4) + 3}` }) + '\r\n';
      }
      const bytes = encoder.encode(text);
      produced += bytes.length;
      controller.enqueue(bytes);
    },
  });
  return { body, produced: () => produced };
}

/** A full collection on demand (the flag at run time, since Jest starts Node without --expose-gc). */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

it('reading a 200 MB bulk file in chunks keeps memory flat: the heap retained after a collection stays the same from the first quarter to the last', async () => {
  const gc = collector();
  const file = lazyFile();
  gc();
  const start = process.memoryUsage();
  /** Per quarter of the file: the most heap still live after a collection, and the peak RSS. */
  const quarters = [0, 1, 2, 3].map(() => ({ retained: 0, rss: 0 }));
  let chunks = 0;
  let parents = 0;
  let endByte = 0;
  for await (const chunk of readBulkChunks(file.body, { startLine: 0, startByte: 0, maxLines: 2_000, childKeys: { LineItem: 'lineItems' } })) {
    chunks++;
    parents += chunk.parents.length;
    endByte = chunk.endByte;
    const quarter = quarters[Math.min(3, Math.floor((endByte / FILE_BYTES) * 4))]!;
    quarter.rss = Math.max(quarter.rss, process.memoryUsage().rss);
    if (chunks % 25 === 0) {
      gc();
      quarter.retained = Math.max(quarter.retained, process.memoryUsage().heapUsed);
    }
  }
  const mb = (bytes: number) => Math.round(bytes / MB);
  console.log(
    `bulk JSONL ${mb(endByte)} MB in ${chunks} chunks of 2,000 lines. At start: RSS ${mb(start.rss)} MB, heap ${mb(start.heapUsed)} MB. ` +
      `Per quarter of the file: heap retained ${quarters.map((q) => mb(q.retained)).join(' / ')} MB, peak RSS ${quarters.map((q) => mb(q.rss)).join(' / ')} MB`,
  );
  expect(endByte).toBe(file.produced());
  expect(endByte).toBeGreaterThanOrEqual(FILE_BYTES);
  expect(parents).toBeGreaterThan(0);
  // Live memory that tracked the file would climb by tens of MB a quarter (50 MB of file each).
  expect(mb(Math.max(...quarters.map((q) => q.retained)) - start.heapUsed)).toBeLessThan(16);
  expect(mb(quarters[3]!.retained - quarters[0]!.retained)).toBeLessThan(8);
  // The process as a whole: garbage between collections and a piece in flight, not the file.
  expect(mb(Math.max(...quarters.map((q) => q.rss)) - start.rss)).toBeLessThan(150);
}, 180_000);
