import { PermanentError } from '../../errors.js';

/*
 * A bulk operation's result file (https://shopify.dev/docs/api/usage/bulk-operations/queries):
 * JSONL, one object a line, each nested connection's items on lines of their own carrying
 * `__parentId` (the parent's GID). Since 2026-01 the file is not grouped (`groupObjects` is false
 * by default): a child may come anywhere, before or after its parent. Files run to hundreds of
 * MB, so they are read as a stream in chunks of at most `maxLines` lines; memory holds one
 * network piece and one chunk, never the file.
 */

/** One line's object as Shopify wrote it (`__parentId` included on children). */
export type BulkRecord = Record<string, unknown>;

export interface BulkChunk {
  /** Top-level records in file order, with the chunk's children of each attached as `{ nodes: [...] }`. */
  parents: BulkRecord[];
  /** Children whose parent is not in this chunk: the caller stores them on their own. */
  orphans: { parentId: string; record: BulkRecord }[];
  /** Lines of the file consumed so far (this chunk's last line number), and the byte offset right after it. */
  endLine: number;
  endByte: number;
}

export interface BulkReadOptions {
  /** Lines before the body's first byte (0 from the file's start; a checkpoint's `endLine`). */
  startLine: number;
  /** The file offset the body starts at (0, or a checkpoint's `endByte`, fetched with `Range: bytes=N-`). */
  startByte: number;
  maxLines: number;
  /** A child's connection field by its GID type, e.g. `{ LineItem: 'lineItems', ProductVariant: 'variants' }`. */
  childKeys: Readonly<Record<string, string>>;
}

/**
 * The file as chunks of at most `maxLines` lines. A chunk ends only between lines, and its
 * `endLine`/`endByte` are a checkpoint: reading again from a body starting at `endByte`, with
 * those as `startLine`/`startByte`, continues exactly after the chunk. Blank lines count as
 * lines but carry no record. A line that is not a JSON object, or not UTF-8, is a
 * PermanentError naming its line number in the whole file (a retry reads the same bytes).
 * Stopping early cancels the body.
 */
export async function* readBulkChunks(body: ReadableStream<Uint8Array>, options: BulkReadOptions): AsyncGenerator<BulkChunk> {
  const { maxLines, childKeys } = options;
  for (const [name, value] of Object.entries({ startLine: options.startLine, startByte: options.startByte, maxLines })) {
    if (!Number.isSafeInteger(value) || value < (name === 'maxLines' ? 1 : 0)) throw new RangeError(`readBulkChunks: ${name} ${value} is out of range`);
  }
  let lineNumber = options.startLine;
  let byte = options.startByte;
  let lines: NumberedRecord[] = [];
  let count = 0;
  for await (const batch of splitLines(body)) {
    for (const line of batch) {
      lineNumber += 1;
      byte += line.bytes;
      count += 1;
      const record = parseLine(line.text, lineNumber);
      if (record !== undefined) lines.push({ line: lineNumber, record });
      if (count === maxLines) {
        yield assemble(lines, childKeys, lineNumber, byte);
        lines = [];
        count = 0;
      }
    }
  }
  if (count > 0) yield assemble(lines, childKeys, lineNumber, byte);
}

interface NumberedRecord {
  line: number;
  record: BulkRecord;
}

/** One line's text (without its `\n` or `\r\n`; null when not UTF-8) and its size in the file, terminator included. */
export interface SplitLine {
  text: string | null;
  bytes: number;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * The body's lines, a batch per network piece (one promise per piece, not per line). Split on
 * the bytes, not on decoded text, so every size is exact by construction: 0x0A never occurs
 * inside a multi-byte UTF-8 sequence, and each line is decoded whole (fatal: a replacement
 * character would hide bad bytes). Measured against TextDecoderStream + string splitting and
 * node:readline over Readable.fromWeb in bench/shopify-jsonl.bench.ts.
 */
export async function* splitLines(body: ReadableStream<Uint8Array>): AsyncGenerator<SplitLine[]> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const decode = (bytes: Uint8Array): string | null => {
    const end = bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN ? bytes.length - 1 : bytes.length;
    try {
      return decoder.decode(bytes.subarray(0, end));
    } catch {
      return null;
    }
  };
  const reader = body.getReader();
  /** The current line's bytes so far, when it spans network pieces. */
  let pending: Uint8Array[] = [];
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const batch: SplitLine[] = [];
      let start = 0;
      for (let newline = value.indexOf(NEWLINE); newline !== -1; newline = value.indexOf(NEWLINE, start)) {
        const bytes = pending.length === 0 ? value.subarray(start, newline) : concat([...pending, value.subarray(start, newline)]);
        pending = [];
        batch.push({ text: decode(bytes), bytes: bytes.length + 1 });
        start = newline + 1;
      }
      // Copied: the piece's buffer is the stream's, and may be reused once the next read starts.
      if (start < value.length) pending.push(value.slice(start));
      if (batch.length > 0) yield batch;
    }
    if (pending.length > 0) {
      const bytes = concat(pending);
      yield [{ text: decode(bytes), bytes: bytes.length }];
    }
    finished = true;
  } finally {
    if (finished) reader.releaseLock();
    else await reader.cancel().catch(() => undefined);
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const whole = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let at = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.length;
  }
  return whole;
}

/** The line's object, or undefined for a blank line. */
function parseLine(text: string | null, line: number): BulkRecord | undefined {
  if (text === null) throw new PermanentError(`Shopify bulk JSONL line ${line}: not UTF-8`);
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PermanentError(`Shopify bulk JSONL line ${line}: not JSON (${(error as Error).message})`, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PermanentError(`Shopify bulk JSONL line ${line}: not a JSON object`);
  return value as BulkRecord;
}

const GID_TYPE = /^gid:\/\/shopify\/([A-Za-z][A-Za-z0-9]*)\//;

/**
 * Attaches each child to its parent when both are in the chunk (a grandchild to its child
 * alike), under the field `childKeys` names for the child's type; the rest are orphans. A
 * child's type is checked whether or not its parent is here, so an unknown one fails the same
 * way whatever the chunking.
 */
function assemble(lines: readonly NumberedRecord[], childKeys: Readonly<Record<string, string>>, endLine: number, endByte: number): BulkChunk {
  const byId = new Map<unknown, BulkRecord>();
  for (const { record } of lines) if (typeof record.id === 'string') byId.set(record.id, record);
  const parents: BulkRecord[] = [];
  const orphans: BulkChunk['orphans'] = [];
  for (const { line, record } of lines) {
    const parentId = record.__parentId;
    if (parentId === undefined) {
      parents.push(record);
      continue;
    }
    if (typeof parentId !== 'string') throw new PermanentError(`Shopify bulk JSONL line ${line}: __parentId is not a GID`);
    const type = typeof record.id === 'string' ? GID_TYPE.exec(record.id)?.[1] : undefined;
    if (type === undefined) throw new PermanentError(`Shopify bulk JSONL line ${line}: a child without a GID id (its type picks its parent's field)`);
    const key = Object.hasOwn(childKeys, type) ? childKeys[type] : undefined;
    if (key === undefined) throw new PermanentError(`Shopify bulk JSONL line ${line}: a ${type} child, which childKeys does not place`);
    const parent = byId.get(parentId);
    if (parent === undefined) {
      orphans.push({ parentId, record });
      continue;
    }
    const connection = parent[key] as { nodes?: unknown } | undefined;
    if (connection !== null && typeof connection === 'object' && Array.isArray(connection.nodes)) connection.nodes.push(record);
    else parent[key] = { nodes: [record] };
  }
  return { parents, orphans, endLine, endByte };
}
