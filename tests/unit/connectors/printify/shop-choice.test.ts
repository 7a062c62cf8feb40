import { describe, expect, it } from '@jest/globals';
import { chooseShop } from '../../../../lib/connectors/printify/shop-choice.js';
import { AccountChoiceRequiredError, ValidationError } from '../../../../lib/errors.js';
import { fixture } from './fixtures.js';

const shops = fixture('shops.json');

describe('chooseShop', () => {
  it('the only shop, with its sales channel', () => {
    expect(chooseShop([{ id: 5432, title: 'My new store', sales_channel: 'etsy' }], undefined)).toEqual({ accountId: '5432', displayName: 'My new store', salesChannel: 'etsy' });
  });

  it('the shop named by shop_id, as a string', () => {
    expect(chooseShop(shops, ' 9876 ')).toEqual({ accountId: '9876', displayName: 'My other new store', salesChannel: 'disconnected' });
  });

  it('several shops and none named: a choice listing them', () => {
    const choice = (() => {
      try {
        return chooseShop(shops, undefined);
      } catch (error) {
        return error;
      }
    })();
    expect(choice).toBeInstanceOf(AccountChoiceRequiredError);
    expect((choice as AccountChoiceRequiredError).choices).toEqual([
      { account_id: '5432', display_name: 'My new store' },
      { account_id: '9876', display_name: 'My other new store' },
    ]);
  });

  it('a shop the account does not have: a 400 naming shop_id', () => {
    expect(() => chooseShop(shops, '1')).toThrow(ValidationError);
    expect(() => chooseShop(shops, '1')).toThrow('shop_id: the Printify account has no shop 1 (its shops: 5432, 9876)');
  });

  it('an account without shops has nothing to connect', () => {
    expect(() => chooseShop([], undefined)).toThrow(/no shop/);
  });
});
