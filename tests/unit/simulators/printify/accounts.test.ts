import { describe, expect, it } from '@jest/globals';
import { registerShops } from '../../../../dev/simulators/printify/accounts.js';

const shop = (title: string) => ({ title, sales_channel: 'etsy', orders: 1, products: 1, historyDays: 1 });

describe('registerShops', () => {
  it('gives every shop a stable 7-digit id of its own and its account a 6-digit user id', () => {
    const accounts = [{ name: 'a', shops: [shop('a1'), shop('a2')] }, { name: 'b', shops: [shop('b1')] }];
    const shops = registerShops(accounts, 1);
    expect(shops.map((s) => [s.account, s.spec.title])).toEqual([['a', 'a1'], ['a', 'a2'], ['b', 'b1']]);
    expect(new Set(shops.map((s) => s.id)).size).toBe(3);
    for (const { id, userId } of shops) expect([String(id), String(userId)]).toEqual([expect.stringMatching(/^\d{7}$/), expect.stringMatching(/^\d{6}$/)]);
    expect(registerShops(accounts, 1)).toEqual(shops);
    expect(registerShops(accounts, 2).map((s) => s.id)).not.toEqual(shops.map((s) => s.id));
  });

  it('refuses a repeated account, a shop with orders but no products, and no history', () => {
    expect(() => registerShops([{ name: 'a', shops: [] }, { name: 'a', shops: [] }], 1)).toThrow(/listed twice/);
    expect(() => registerShops([{ name: 'a', shops: [{ ...shop('x'), products: 0 }] }], 1)).toThrow(/no products/);
    expect(() => registerShops([{ name: 'a', shops: [{ ...shop('x'), historyDays: 0 }] }], 1)).toThrow(/historyDays/);
  });
});
