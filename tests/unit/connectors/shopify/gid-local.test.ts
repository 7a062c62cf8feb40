import { describe, expect, it } from '@jest/globals';
import { idFromGid } from '../../../../lib/connectors/shopify/gid-local.js';
import { PermanentError } from '../../../../lib/errors.js';

describe('idFromGid', () => {
  it('gives the number at the end of the GID, checking its type when asked', () => {
    expect(idFromGid('gid://shopify/Order/450789469')).toBe('450789469');
    expect(idFromGid('gid://shopify/ProductVariant/44000000001', 'ProductVariant')).toBe('44000000001');
  });

  it('refuses another type, and what is not a Shopify GID', () => {
    for (const [gid, type] of [['gid://shopify/Order/1', 'Product'], ['gid://shopify/ProductVariant/1', 'Product'], ['450789469', undefined], ['gid://shopify/Order/', undefined], ['gid://other/Order/1', undefined], ['gid://shopify/Order/1/2', undefined]] as const) {
      expect(() => idFromGid(gid, type)).toThrow(PermanentError);
    }
  });
});
