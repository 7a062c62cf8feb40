import { AccountChoiceRequiredError, ValidationError } from '../../errors.js';
import type { AccountIdentity } from '../connector.js';
import type { PrintifyShop } from './printify.schemas.js';

/**
 * Pure: the shop a connection is for. A Printify grant (an OAuth app's or a personal token)
 * covers every shop of the merchant's account, and a connection is one shop (DESIGN.md): the
 * shop asked for, the only one, or — when there are several and none was named — a 409 listing
 * them, which the caller answers by repeating the request with a `shop_id`.
 */
export function chooseShop(shops: readonly PrintifyShop[], shopId: string | undefined): AccountIdentity {
  const wanted = shopId?.trim();
  if (wanted) {
    const shop = shops.find((candidate) => String(candidate.id) === wanted);
    if (!shop) {
      const known = shops.map((candidate) => String(candidate.id)).join(', ') || 'none';
      const message = `the Printify account has no shop ${wanted} (its shops: ${known})`;
      throw new ValidationError(`shop_id: ${message}`, [{ path: 'shop_id', message }]);
    }
    return identityOf(shop);
  }
  if (shops.length === 1) return identityOf(shops[0]!);
  if (shops.length === 0) throw new ValidationError('the Printify account has no shop: add one in Printify (My Stores) first');
  throw new AccountChoiceRequiredError(
    `the Printify account has ${shops.length} shops: repeat the request with a shop_id`,
    shops.map((shop) => ({ account_id: String(shop.id), display_name: shop.title ?? null })),
  );
}

function identityOf(shop: PrintifyShop): AccountIdentity {
  return { accountId: String(shop.id), displayName: shop.title ?? null, salesChannel: shop.sales_channel ?? null };
}
