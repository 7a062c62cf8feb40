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
