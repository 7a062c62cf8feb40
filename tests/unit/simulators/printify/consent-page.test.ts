import { describe, expect, it } from '@jest/globals';
import { consentPage, type ConsentContext } from '../../../../dev/simulators/printify/consent-page.js';

const context: ConsentContext = { appId: 'app-1', accountNames: ['alice', 'bob'], issueCode: (name) => `code-for-${name}` };
const ask = (params: Record<string, string>) => consentPage(new URLSearchParams(params), context);
const base = { app_id: 'app-1', accept_url: 'https://sluice.test/accept?x=1', decline_url: 'https://sluice.test/decline', state: 's t' };

describe('consentPage', () => {
  it('redirects to accept_url with a code for the first account, or the one named, and the state', () => {
    const first = new URL(ask(base).headers!.location!);
    expect([first.origin + first.pathname, first.searchParams.get('x'), first.searchParams.get('code'), first.searchParams.get('state')]).toEqual(['https://sluice.test/accept', '1', 'code-for-alice', 's t']);
    expect(new URL(ask({ ...base, sim_account: 'bob' }).headers!.location!).searchParams.get('code')).toBe('code-for-bob');
  });

  it('redirects to decline_url with access_denied when the merchant declines', () => {
    const response = ask({ ...base, sim_decline: '1' });
    expect(response.status).toBe(302);
    const target = new URL(response.headers!.location!);
    expect([target.pathname, target.searchParams.get('error'), target.searchParams.get('state')]).toEqual(['/decline', 'access_denied', 's t']);
    expect(target.searchParams.get('error_description')).toBeTruthy();
  });

  it('refuses an unknown app, bad URLs and an unknown account', () => {
    expect(ask({ ...base, app_id: 'other' }).status).toBe(400);
    expect(ask({ ...base, app_id: '' }).status).toBe(400);
    expect(ask({ ...base, accept_url: 'not a url' }).status).toBe(400);
    expect(ask({ ...base, decline_url: '' }).status).toBe(400);
    expect(ask({ ...base, sim_account: 'carol' }).status).toBe(400);
  });
});
