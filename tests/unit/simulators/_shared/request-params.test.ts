import { describe, expect, it } from '@jest/globals';
import { bearerToken, bodyParams } from '../../../../dev/simulators/_shared/request-params.js';

describe('bearerToken', () => {
  it('reads the token of a Bearer header, any case, and nothing else', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer   xyz')).toBe('xyz');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer ')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});

describe('bodyParams', () => {
  it('reads a form body', () => {
    expect(Object.fromEntries(bodyParams('app_id=a&code=b%20c', 'application/x-www-form-urlencoded'))).toEqual({ app_id: 'a', code: 'b c' });
  });

  it('reads a JSON object body, by content type or by its look, with values as strings', () => {
    expect(Object.fromEntries(bodyParams('{"app_id":"a","code":7,"skip":null}', 'application/json; charset=utf-8'))).toEqual({ app_id: 'a', code: '7' });
    expect(Object.fromEntries(bodyParams(' {"app_id":"a"}', undefined))).toEqual({ app_id: 'a' });
  });

  it('reads malformed or non-object JSON as no parameters', () => {
    expect([...bodyParams('{"app_id":', 'application/json')]).toEqual([]);
    expect([...bodyParams('[1,2]', 'application/json')]).toEqual([]);
    expect([...bodyParams('', undefined)]).toEqual([]);
  });
});
