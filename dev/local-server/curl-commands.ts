/**
 * The curl commands the local server shows its user. Bearers are shell variables
 * (`$ADMIN_TOKEN`, `$CRON_SECRET`), never values: the output may land in a terminal log.
 */
const JSON_HEADER = `-H 'Content-Type: application/json'`;

export function connectChannelCommand(baseUrl: string, tenantId: string, code: string): string {
  const body = JSON.stringify({ tenant_id: tenantId, code });
  return [
    `curl -sS -X POST ${baseUrl}/api/oauth/youtube/exchange \\`,
    `  -H "Authorization: Bearer $ADMIN_TOKEN" ${JSON_HEADER} \\`,
    `  -d '${body}'`,
  ].join('\n');
}

export function dispatchNowCommand(baseUrl: string): string {
  return `curl -sS ${baseUrl}/api/jobs/dispatch -H "Authorization: Bearer $CRON_SECRET"`;
}

export function manualBackfillCommand(baseUrl: string, tenantId: string, days: number): string {
  const body = JSON.stringify({ tenant_id: tenantId, days });
  return [
    `curl -sS -X POST ${baseUrl}/api/jobs/backfill/dispatch \\`,
    `  -H "Authorization: Bearer $ADMIN_TOKEN" ${JSON_HEADER} \\`,
    `  -d '${body}'`,
  ].join('\n');
}

/** `shop`: Shopify's `*.myshopify.com` store to ask. */
export function startOAuthCommand(baseUrl: string, platform: string, tenantId: string, shop?: string): string {
  const shopParam = shop === undefined ? '' : `&shop=${encodeURIComponent(shop)}`;
  return `curl -sS "${baseUrl}/api/oauth/${platform}/start?tenant_id=${encodeURIComponent(tenantId)}${shopParam}" -H "Authorization: Bearer $ADMIN_TOKEN"`;
}

export function exchangeStateCommand(baseUrl: string, platform: string, state: string, code: string): string {
  return postCommand(`${baseUrl}/api/oauth/${platform}/exchange`, { state, code });
}

/** Shopify's exchange takes the redirect's raw query string: its hmac is over those exact parameters. */
export function exchangeQueryCommand(baseUrl: string, platform: string, query: string): string {
  return postCommand(`${baseUrl}/api/oauth/${platform}/exchange`, { query });
}

export function personalTokenCommand(baseUrl: string, tenantId: string, token: string): string {
  return postCommand(`${baseUrl}/api/oauth/printify/exchange`, { tenant_id: tenantId, access_token: token });
}

function postCommand(url: string, body: unknown): string {
  return [`curl -sS -X POST ${url} \\`, `  -H "Authorization: Bearer $ADMIN_TOKEN" ${JSON_HEADER} \\`, `  -d '${JSON.stringify(body)}'`].join('\n');
}
