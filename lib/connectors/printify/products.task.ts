import type { Trx } from '../../../db/transaction.js';
import type { CommerceOwner } from '../../commerce/commerce-owner.js';
import { PermanentError } from '../../errors.js';
import type { TaskHandlerFactory } from '../connector.js';
import { commercePayloadSchema } from '../sync/commerce-plan.js';
import type { CommerceStore } from './commerce-store.js';
import { latest, walkPages, type PageWalk } from './page-walk.js';
import { mapProduct } from './products.mapper.js';
import type { PrintifyClient } from './printify.client.js';
import type { PrintifySettings } from './printify.config.js';
import type { PrintifyProduct } from './printify.schemas.js';

/*
 * Strategy: every run, backfill or sync, reads the whole catalogue (products.json has no
 * updated-since filter and no documented order by updated_at, so no page can be known to hold
 * only unchanged products; 50 a page, a 1,000-product shop is 20 calls). The checkpoint is the
 * next page, committed with each page's upserts; the cursor is the newest updated_at. A product
 * deleted at Printify is not removed here (the list only shows what exists).
 */

export function createProductsTask(store: CommerceStore): TaskHandlerFactory<PrintifySettings, PrintifyClient> {
  return (deps) => async (task, context) => {
    const parsed = commercePayloadSchema.safeParse(task.payload);
    if (!parsed.success) throw new PermanentError(`invalid printify.products payload: ${parsed.error.message}`);
    const { connection } = context;
    const owner: CommerceOwner = { tenantId: connection.tenantId, platform: 'printify', connectionId: connection.id };
    // A backfill's window does not narrow the catalogue: a product last edited before the
    // window is still what the window's orders were made from (and what their variants cost).
    const walk: PageWalk<PrintifyProduct> = {
      entity: 'products',
      mode: parsed.data.mode,
      fetchPage: (page) => context.call((token) => deps.client.listProducts(token, connection.externalAccountId, page)),
      floor: async () => null,
      readPage(items) {
        const mapped = items.map(mapProduct);
        const write =
          mapped.length === 0
            ? null
            : (trx: Trx) => store.upsertProducts(trx, owner, mapped.map((m) => m.product), mapped.flatMap((m) => m.variants), deps.clock.now());
        return { write, newest: mapped.reduce<Date | null>((newest, m) => latest(newest, m.product.platformUpdatedAt), null), last: false };
      },
    };
    await walkPages(walk, context, { clock: deps.clock, store });
  };
}
