/**
 * Stand-in for Printify's app authorization page (GET https://printify.com/app/authorize,
 * https://developers.printify.com/#getting-grant-codes): takes `app_id`, `accept_url`,
 * `decline_url` and `state`, and redirects at once — to `accept_url?code=…&state=…` as the merchant
 * who grants access, or to `decline_url?error=…&error_description=…&state=…` with `sim_decline=1`.
 * `sim_account=<name>` says which merchant account grants it (default: the first).
 */
import type { SimResponse } from '../_shared/http-io.js';

export interface ConsentContext {
  appId: string;
  accountNames: readonly string[];
  issueCode(accountName: string): string;
}

const problem = (message: string): SimResponse => ({ status: 400, body: `Printify simulator: ${message}` });

function redirect(base: string, params: Record<string, string | null>): SimResponse {
  const target = new URL(base);
  for (const [name, value] of Object.entries(params)) if (value !== null) target.searchParams.set(name, value);
  return { status: 302, body: '', headers: { location: target.href } };
}

export function consentPage(query: URLSearchParams, context: ConsentContext): SimResponse {
  const appId = query.get('app_id');
  if (!appId) return problem('missing app_id');
  if (appId !== context.appId) return problem(`unknown app_id "${appId}"`);
  const [acceptUrl, declineUrl] = [query.get('accept_url') ?? '', query.get('decline_url') ?? ''];
  if (!URL.canParse(acceptUrl)) return problem('missing or invalid accept_url');
  if (!URL.canParse(declineUrl)) return problem('missing or invalid decline_url');
  const state = query.get('state');
  if (query.get('sim_decline') === '1') {
    return redirect(declineUrl, { error: 'access_denied', error_description: 'The merchant declined access to the app.', state });
  }
  const account = query.get('sim_account') ?? context.accountNames[0];
  if (account === undefined || !context.accountNames.includes(account)) return problem(`unknown sim_account "${account ?? ''}"`);
  return redirect(acceptUrl, { code: context.issueCode(account), state });
}
