import type { Trx } from '../../../db/transaction.js';
import type { TaskHandlerFactory } from '../connector.js';
import { newestOf, startCommerceTask } from '../sync/commerce-task-run.js';
import type { CommerceStore } from './commerce-store.js';
import { walkPages, type PageWalk } from './page-walk.js';
import { mapProduct } from './products.mapper.js';
import type { PrintifyClient } from './printify.client.js';
import type { PrintifySettings } from './printify.config.js';
import type { PrintifyProduct } from './printify.schemas.js';

/*
 * Strategy: every run, backfill or sync, reads the whole catalogue (products.json has no
 * updated-since filter and no documented order by updated_at, so no page can be known to hold
 * only unchanged products; 50 a page, a 1,000-product shop is 20 calls). The checkpoint is the
 * next page, committed with each page's upserts; the cursor is the newest updated_at, set at the
 * final step. Every read is complete, so its final step deletes the connection's products it did
 * not write (deleted at Printify); a product's variants are its whole set (products.repository).
 */

export function createProductsTask(store: CommerceStore): TaskHandlerFactory<PrintifySettings, PrintifyClient> {
  return (deps) => async (task, context) => {
    const run = startCommerceTask(deps, task, context, { platform: 'printify', entity: 'products' }, store);
    // A backfill's window does not narrow the catalogue: a product last edited before the
    // window is still what the window's orders were made from (and what their variants cost).
    const walk: PageWalk<PrintifyProduct> = {
      fetchPage: (token, page) => deps.client.listProducts(token, run.accountId, page),
      floor: async () => null,
      readPage(items) {
        const mapped = items.map(mapProduct);
        const write = mapped.length === 0 ? null : (trx: Trx) => store.upsertProducts(trx, run.owner, mapped.map((m) => m.product), mapped.flatMap((m) => m.variants), run.now());
        return { write, newest: newestOf(mapped.map((m) => m.product.platformUpdatedAt)), last: false };
      },
      removeUnseen: (trx, readStart) => store.deleteProductsNotSeenSince(trx, run.owner, readStart),
    };
    await walkPages(run, walk, context.checkpoint);
  };
}
