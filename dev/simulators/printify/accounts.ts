/**
 * The merchant accounts the simulator plays and their shops, with Printify-looking ids: shop ids
 * are 7-digit integers and user ids 6-digit ones, derived from (seed, account, position) so they
 * are the same on every run, and never shared by two shops.
 */
import { seedOf } from '../_shared/seeded-random.js';
import type { PrintifyAccountSpec, PrintifyShopSpec } from './types.js';

export interface ShopEntry {
  id: number;
  account: string;
  userId: number;
  spec: PrintifyShopSpec;
}

export const DEFAULT_ACCOUNTS: readonly PrintifyAccountSpec[] = [
  { name: 'merchant', shops: [{ title: 'Sim Etsy Shop', sales_channel: 'etsy', orders: 60, products: 12, historyDays: 90 }] },
];

/** Every shop of every account; throws on a repeated account name or a shop that cannot be generated. */
export function registerShops(accounts: readonly PrintifyAccountSpec[], seed: number): ShopEntry[] {
  const names = new Set<string>();
  const taken = new Set<number>();
  return accounts.flatMap((account) => {
    if (names.has(account.name)) throw new Error(`account "${account.name}" is listed twice`);
    names.add(account.name);
    const userId = 100_000 + (seedOf(seed, account.name, 'user') % 900_000);
    return account.shops.map((spec, index) => {
      if (spec.orders > 0 && spec.products < 1) throw new Error(`shop "${spec.title}" of ${account.name} has orders but no products to order`);
      if (!(spec.historyDays > 0)) throw new Error(`shop "${spec.title}" of ${account.name}: historyDays must be positive`);
      let id = 1_000_000 + (seedOf(seed, account.name, 'shop', index) % 9_000_000);
      while (taken.has(id)) id = id === 9_999_999 ? 1_000_000 : id + 1;
      taken.add(id);
      return { id, account: account.name, userId, spec };
    });
  });
}
