/**
 * `npx tsx bench/shopify-jsonl.bench.ts`: three ways to split a bulk operation's JSONL stream into
 * lines, over the same synthetic file (BENCH_MB, 100) in 64 KiB pieces as a socket delivers it,
 * each run BENCH_RUNS (3) times; prints the median MB/s of splitting alone and of splitting plus
 * JSON.parse. The reader (lib/connectors/shopify/bulk-jsonl.ts) uses the byte splitter: it is
 * byte-exact by construction, which readline cannot be (it drops `\r\n` and `\n` alike, and
 * breaks on a lone `\r`), and TextDecoderStream needs every line re-measured in bytes.
 */
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { splitLines } from '../lib/connectors/shopify/bulk-jsonl.js';

const MB = Number(process.env.BENCH_MB ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PIECE = 64 * 1024;

function syntheticFile(bytes: number): Uint8Array[] {
  const encoder = new TextEncoder();
  const lines: string[] = [];
  let size = 0;
  for (let n = 0; size < bytes; n++) {
    const text =
      n % 4 === 0
        ? JSON.stringify({ id: `gid://shopify/Order/${n}`, name: `#${n}`, createdAt: '2026-03-01T10:00:00Z', displayFinancialStatus: 'PAID', totalPriceSet: { shopMoney: { amount: '20.0', currencyCode: 'EUR' } }, note: 'Café ☕' })
        : JSON.stringify({ id: `gid://shopify/LineItem/${n}`, sku: `SKU-${n}`, title: 'Mug – 11 oz', quantity: 1, __parentId: `gid://shopify/Order/${n - (n % 4)}` });
    lines.push(text + '\n');
    size += Buffer.byteLength(text) + 1;
  }
  const whole = encoder.encode(lines.join(''));
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < whole.length; at += PIECE) pieces.push(whole.subarray(at, at + PIECE));
  return pieces;
}

const streamOf = (pieces: readonly Uint8Array[]) => {
  let i = 0;
  return new ReadableStream<Uint8Array>({ pull: (c) => (i < pieces.length ? c.enqueue(pieces[i++]!) : c.close()) });
};

type Splitter = (pieces: readonly Uint8Array[], parse: boolean) => Promise<number>;

const bytesSplitter: Splitter = async (pieces, parse) => {
  let n = 0;
  for await (const batch of splitLines(streamOf(pieces))) for (const line of batch) n += parse ? (JSON.parse(line.text!) ? 1 : 0) : line.bytes > 0 ? 1 : 0;
  return n;
};

const textDecoderStream: Splitter = async (pieces, parse) => {
  let n = 0;
  let rest = '';
  let bytes = 0;
  for await (const text of streamOf(pieces).pipeThrough(new TextDecoderStream('utf-8', { fatal: true }))) {
    const parts = (rest + text).split('\n');
    rest = parts.pop()!;
    for (const line of parts) {
      bytes += Buffer.byteLength(line) + 1;
      n += parse ? (JSON.parse(line) ? 1 : 0) : 1;
    }
  }
  return bytes > 0 ? n : 0;
};

const readline: Splitter = async (pieces, parse) => {
  let n = 0;
  for await (const line of createInterface({ input: Readable.fromWeb(streamOf(pieces) as never), crlfDelay: Infinity })) n += parse ? (JSON.parse(line) ? 1 : 0) : 1;
  return n;
};

const pieces = syntheticFile(MB * 1024 * 1024);
const total = pieces.reduce((s, p) => s + p.length, 0) / 1024 / 1024;
console.log(`${total.toFixed(0)} MB, ${RUNS} runs each (median MB/s)`);
for (const parse of [false, true]) {
  for (const [name, split] of [['bytes (bulk-jsonl)', bytesSplitter], ['TextDecoderStream', textDecoderStream], ['readline/fromWeb', readline]] as const) {
    const times: number[] = [];
    let lines = 0;
    for (let r = 0; r < RUNS; r++) {
      const t = performance.now();
      lines = await split(pieces, parse);
      times.push(performance.now() - t);
    }
    const median = times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
    console.log(`${parse ? 'split + JSON.parse' : 'split'}\t${name.padEnd(20)}\t${(total / (median / 1000)).toFixed(0)} MB/s\t${lines} lines`);
  }
}
