/**
 * What the local server prints on start: where it listens, which database (password masked)
 * and Google it talks to, where the generated secrets are, and the curl commands for the
 * first steps. It receives no secret values, so it cannot print one.
 */
import { redactDatabaseUrl } from '../../db/database-url.js';
import { connectChannelCommand, dispatchNowCommand, manualBackfillCommand, personalTokenCommand, startOAuthCommand } from './curl-commands.js';
import { PRINTIFY_SIM_SHOPIFY_TOKEN, PRINTIFY_SIM_TOKEN } from './commerce-simulators.js';
import type { DevSecretName } from './dev-secrets.js';
import { SIMULATOR_MOUNT } from './google-simulator-settings.js';
import type { VercelCron } from '../../scripts/vercel-output/vercel-json.js';

export interface BannerFacts {
  url: string;
  databaseUrl: string;
  engine: string;
  appliedMigrations: readonly string[];
  usesSimulator: boolean;
  /** The simulators mounted, by name (`YouTube`, `Etsy`, `Printify`, `Shopify`). */
  simulated?: readonly string[];
  /** The simulated Shopify stores' `*.myshopify.com` domains (none: Shopify is not simulated). */
  shopifyShops?: readonly string[];
  /** The secrets file, when any secret came from it (generated now or earlier). */
  secretsFile: string | undefined;
  generatedSecrets: readonly DevSecretName[];
  functionPaths: readonly string[];
  crons: readonly VercelCron[];
  cronsScheduled: boolean;
}

export function startupBanner(facts: BannerFacts): string {
  const { url } = facts;
  const migrations = facts.appliedMigrations.length > 0 ? `applied ${facts.appliedMigrations.join(', ')}` : 'schema up to date';
  const google = facts.usesSimulator
    ? `built-in YouTube simulator at ${url}${SIMULATOR_MOUNT} (GOOGLE_CLIENT_ID is unset)`
    : 'Google APIs from GOOGLE_* settings';
  const crons = facts.crons.map((cron) => `${cron.path} "${cron.schedule}"`).join(', ') || 'none';
  const lines = [
    `Sluice local server listening on ${url}`,
    `  admin page ${url}/admin (asks for ADMIN_TOKEN)`,
    `  database   ${redactDatabaseUrl(facts.databaseUrl)} (${facts.engine}; ${migrations})`,
    `  google     ${google}`,
    ...(facts.simulated && facts.simulated.length > 0 ? [`  simulators ${facts.simulated.join(', ')} under ${url}/__sim/ (platforms without credentials)`] : []),
    `  functions  ${facts.functionPaths.join(', ') || 'none found under api/'}`,
    `  crons      ${crons} — ${facts.cronsScheduled ? 'scheduled (UTC), calling this server with the cron bearer' : 'not scheduled'}`,
    ...secretsLines(facts),
    '',
    facts.usesSimulator ? 'Connect a simulated channel (tenant "demo"; codes sim-code-<name> work once each, sim-code-<name>.2 for another):' : 'Connect a channel with a code from Google\'s consent redirect:',
    indent(connectChannelCommand(url, 'demo', facts.usesSimulator ? 'sim-code-demo' : '<code>')),
    ...commerceLines(facts),
    'Run a dispatch now (the cron does it every minute):',
    indent(dispatchNowCommand(url)),
    'Trigger a manual backfill:',
    indent(manualBackfillCommand(url, 'demo', 28)),
  ];
  return lines.join('\n');
}

function commerceLines(facts: BannerFacts): string[] {
  const lines: string[] = [];
  const { url } = facts;
  if (facts.simulated?.includes('Etsy')) {
    lines.push(
      'Connect a simulated Etsy shop (tenant "demo"): start, open authorize_url (the simulator consents at once and',
      'redirects to a page that prints the exchange command with its state and code), then run that command:',
      indent(startOAuthCommand(url, 'etsy', 'demo')),
    );
  }
  if (facts.simulated?.includes('Printify')) {
    lines.push('Connect the simulated Printify account (a personal access token; its shop fulfils some Etsy receipts):', indent(personalTokenCommand(url, 'demo', PRINTIFY_SIM_TOKEN)));
  }
  const stores = facts.shopifyShops ?? [];
  if (facts.simulated?.includes('Shopify') && stores.length > 0) {
    lines.push(
      `Connect a simulated Shopify store (tenant "demo"; stores ${stores.join(', ')}):`,
      'start, open authorize_url (the simulator consents at once and redirects to a page that prints the exchange command',
      'with the query it received), then run that command:',
      indent(startOAuthCommand(url, 'shopify', 'demo', stores[0])),
    );
    if (facts.simulated.includes('Printify')) {
      lines.push(`Connect the simulated Printify account whose shop fulfils some ${stores[0]} orders:`, indent(personalTokenCommand(url, 'demo', PRINTIFY_SIM_SHOPIFY_TOKEN)));
    }
  }
  if (lines.length > 0) lines.push('Follow a commerce backfill:', indent('npx sluice jobs watch <job_id>'));
  return lines;
}

function secretsLines(facts: BannerFacts): string[] {
  if (facts.secretsFile === undefined) return ['  secrets    CRON_SECRET, ADMIN_TOKEN, TOKEN_ENCRYPTION_KEY from the environment'];
  const generated = facts.generatedSecrets.length > 0 ? `generated ${facts.generatedSecrets.join(', ')} into` : 'using';
  return [
    `  secrets    ${generated} ${facts.secretsFile} (mode 0600; values are never printed)`,
    `             load them into your shell before using curl:  source ${facts.secretsFile}`,
  ];
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
