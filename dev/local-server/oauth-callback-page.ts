/**
 * The page `GOOGLE_REDIRECT_URI` points at locally. In production the product's front end
 * receives Google's redirect and posts the code to the exchange endpoint; here a person does
 * that step, so the page shows the command with the received code filled in.
 */
import { connectChannelCommand } from './curl-commands.js';

export function oauthCallbackPage(requestUrl: URL, baseUrl: string): { status: number; text: string } {
  const code = requestUrl.searchParams.get('code');
  const error = requestUrl.searchParams.get('error');
  if (!code) {
    return { status: 400, text: `No authorization code in the redirect${error ? ` (Google said: ${error})` : ''}.\n` };
  }
  if (!/^[\w./~+-]+$/.test(code)) return { status: 400, text: 'The authorization code has unexpected characters.\n' };
  // The state is shown inside a shell command: only a plain identifier is taken as the tenant.
  const state = requestUrl.searchParams.get('state') ?? '';
  const tenantId = /^[\w.-]{1,64}$/.test(state) ? state : 'demo';
  return {
    status: 200,
    text: [
      `Authorization code received for tenant "${tenantId}" (the OAuth state). Connect the channel`,
      `(codes are single-use; after \`source .data/dev-secrets.env\` when the server generated the secrets):`,
      '',
      connectChannelCommand(baseUrl, tenantId, code),
      '',
    ].join('\n'),
  };
}
