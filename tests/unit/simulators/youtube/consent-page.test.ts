import { describe, expect, it } from '@jest/globals';
import { consentPage } from '../../../../dev/simulators/youtube/consent-page.js';

const issued: string[] = [];
const issueCode = (channelName: string, scope: string): string => {
  issued.push(`${channelName} ${scope}`);
  return `code-for-${channelName}`;
};

describe('consentPage', () => {
  it('redirects with state, code and scope when login_hint names the channel', () => {
    const params = new URLSearchParams({ redirect_uri: 'http://127.0.0.1:3000/cb?x=1', login_hint: 'Alice', state: 'st', scope: 'scope-a' });
    const response = consentPage(params, issueCode);
    expect(response.status).toBe(302);
    expect(response.headers?.['location']).toBe('http://127.0.0.1:3000/cb?x=1&state=st&code=code-for-Alice&scope=scope-a');
    expect(issued).toContain('Alice scope-a');
  });

  it('asks for a channel name without login_hint, and refuses a missing redirect_uri', () => {
    const form = consentPage(new URLSearchParams({ redirect_uri: 'http://127.0.0.1/cb' }), issueCode);
    expect(form.status).toBe(200);
    expect(form.body).toContain('<input type="hidden" name="redirect_uri" value="http://127.0.0.1/cb">');
    expect(consentPage(new URLSearchParams({ login_hint: 'Alice' }), issueCode).status).toBe(400);
  });
});
