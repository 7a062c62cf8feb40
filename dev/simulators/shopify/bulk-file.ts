/**
 * A bulk operation's JSONL result (https://shopify.dev/docs/api/usage/bulk-operations/queries#the-jsonl-data-format),
 * written page by page as the query runs so that 200,000 orders never sit in memory at once:
 * one object a line, each nested connection's nodes on lines of their own with `__parentId` (the
 * parent's id) and without the connection field. `groupObjects: true` puts children right after
 * their parent; without it (the default since 2026-01) a page's children are written after the
 * next page's parents, so a client that assumes grouping reads them wrongly.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

type Json = Record<string, unknown>;

export interface BulkPageResult {
  /** The root connection's value for this page. */
  connection: Json | null;
  hasNextPage: boolean;
}

export interface BulkProgress {
  objectCount: number;
  rootObjectCount: number;
}

const isConnection = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && (Array.isArray((value as Json).edges) || Array.isArray((value as Json).nodes));

/** A connection value's nodes, from `nodes` or `edges[].node`. */
function nodesOf(connection: Json): Json[] {
  if (Array.isArray(connection.nodes)) return connection.nodes as Json[];
  return ((connection.edges as { node?: Json }[] | undefined) ?? []).map((edge) => edge.node).filter((node): node is Json => node !== undefined && node !== null);
}

/** `node`'s own line, then its descendants' lines, each child before its own children. */
function flatten(node: Json, parentId: string | null): string[] {
  const own: Json = {};
  const descendants: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (!isConnection(value)) own[key] = value;
    else for (const child of nodesOf(value)) descendants.push(...flatten(child, String(node.id)));
  }
  if (parentId !== null) own.__parentId = parentId;
  return [JSON.stringify(own), ...descendants];
}

/**
 * Runs pages (`nextPage`) until the last, writing their lines to `path`; `progress` is updated as
 * lines are written, so a poll while it runs sees the count grow. Stops early when `canceled()`.
 */
export async function writeBulkFile(
  path: string,
  groupObjects: boolean,
  nextPage: () => Promise<BulkPageResult>,
  progress: BulkProgress & { fileSize: number },
  canceled: () => boolean,
): Promise<void> {
  const out = createWriteStream(path);
  const write = async (line: string): Promise<void> => {
    progress.objectCount += 1;
    progress.fileSize += Buffer.byteLength(line) + 1;
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  try {
    let deferred: string[] = [];
    for (let more = true; more && !canceled(); ) {
      const page = await nextPage();
      more = page.hasNextPage;
      const pageChildren: string[] = [];
      for (const node of page.connection ? nodesOf(page.connection) : []) {
        const [line = '', ...children] = flatten(node, null);
        progress.rootObjectCount += 1;
        await write(line);
        if (groupObjects) for (const child of children) await write(child);
        else pageChildren.push(...children);
      }
      for (const child of deferred) await write(child);
      deferred = pageChildren;
      await yieldToEventLoop(); // keep the server answering polls while a large file is written
    }
    for (const child of deferred) await write(child);
  } finally {
    out.end();
    await once(out, 'close');
  }
}
