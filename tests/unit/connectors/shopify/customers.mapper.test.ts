import { describe, expect, it } from '@jest/globals';
import { MoneyMappingError } from '../../../../lib/commerce/money.js';
import { mapCustomer } from '../../../../lib/connectors/shopify/customers.mapper.js';
import { PermanentError } from '../../../../lib/errors.js';
import { fixture } from './fixtures.js';

describe('mapCustomer', () => {
  it('maps a customer: the default email, numberOfOrders from its string, amount spent in minor units', () => {
    expect(mapCustomer(fixture('customer.json'))).toEqual({
      platformId: '9000000001',
      email: 'zoe@example.com',
      firstName: 'Zoë',
      lastName: 'Ng',
      ordersCount: 12,
      amountSpentMinor: 123456,
      currency: 'USD',
      platformUpdatedAt: new Date('2026-03-15T16:45:00.000Z'),
    });
  });

  it('no default email, no names: nulls; JPY and KWD amounts; a negative amount kept', () => {
    const raw = { ...fixture('customer.json'), defaultEmailAddress: null, firstName: null, lastName: null };
    expect(mapCustomer(raw)).toMatchObject({ email: null, firstName: null, lastName: null });
    expect(mapCustomer({ ...raw, amountSpent: { amount: '1500.0', currencyCode: 'JPY' } })).toMatchObject({ amountSpentMinor: 1500, currency: 'JPY' });
    expect(mapCustomer({ ...raw, amountSpent: { amount: '12.345', currencyCode: 'KWD' } })).toMatchObject({ amountSpentMinor: 12345, currency: 'KWD' });
    expect(mapCustomer({ ...raw, amountSpent: { amount: '-3.5', currencyCode: 'USD' } }).amountSpentMinor).toBe(-350);
  });

  it('refuses an order count beyond exact integers, a number where a string belongs, a sub-minor amount, a wrong GID', () => {
    const raw = fixture('customer.json');
    expect(mapCustomer({ ...raw, numberOfOrders: '9007199254740991' }).ordersCount).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => mapCustomer({ ...raw, numberOfOrders: '9007199254740993' })).toThrow(/numberOfOrders/);
    expect(() => mapCustomer({ ...raw, numberOfOrders: 12 })).toThrow(PermanentError);
    expect(() => mapCustomer({ ...raw, amountSpent: { amount: '1.001', currencyCode: 'USD' } })).toThrow(MoneyMappingError);
    expect(() => mapCustomer({ ...raw, id: 'gid://shopify/Order/9000000001' })).toThrow(PermanentError);
  });
});
