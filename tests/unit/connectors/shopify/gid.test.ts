import { fc, test } from '@fast-check/jest';
import { describe, expect, it } from '@jest/globals';
import { idFromGid } from '../../../../lib/connectors/shopify/gid.js';
import { PermanentError } from '../../../../lib/errors.js';

describe('Shopify GIDs', () => {
  it('the number at the end of a GID, checked against the expected type when given', () => {
    expect(idFromGid('gid://shopify/Order/123')).toBe('123');
    expect(idFromGid('gid://shopify/LineItem/9007199254740993', 'LineItem')).toBe('9007199254740993');
    expect(() => idFromGid('gid://shopify/Order/123', 'Product')).toThrow(/expected a Shopify Product GID, got "gid:\/\/shopify\/Order\/123"/);
  });

  it.each([
    'gid://shopify/Order/',
    'gid://shopify/LineItem/1?x=1',
    'gid://shopify/Order/12a',
    'gid://shopify/Order/-1',
    'gid://shopify/Order/1/2',
    'gid://other/Order/1',
    ' gid://shopify/Order/1',
    '123',
    '',
  ])('refuses %j, naming it', (value) => {
    expect(() => idFromGid(value)).toThrow(PermanentError);
    expect(() => idFromGid(value)).toThrow(JSON.stringify(value));
  });


  test.prop([fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,20}$/), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String)])('round trip: the id of gid://shopify/{type}/{id} is id', (type, id) => {
    expect(idFromGid(`gid://shopify/${type}/${id}`, type)).toBe(id);
  });
});
