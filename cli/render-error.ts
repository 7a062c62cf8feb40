import { AdminApiError, ServerUnreachableError, UsageError } from './cli-errors.js';
import type { ConnectionSettings } from './connection-settings.js';

/** What stderr says when a command fails: the API's own message first, then what to do about it. */
export function renderError(error: unknown, settings?: Pick<ConnectionSettings, 'tokenSource' | 'baseUrl'>): string {
  if (error instanceof UsageError) {
    return `sluice: ${error.message}\nRun 'npx sluice ${error.command ? `${error.command} ` : ''}--help' for usage.`;
  }
  if (error instanceof AdminApiError) {
    const lines = [`sluice: ${error.message}`];
    for (const issue of error.issues) {
      // An issue that only repeats the message (invalid_plan's message is its one issue) is not printed twice.
      const line = issue.message.startsWith(`${issue.path}: `) ? issue.message : `${issue.path || '(body)'}: ${issue.message}`;
      if (line !== error.message) lines.push(`  ${line}`);
    }
    if (error.code === 'job_active' && error.jobId !== undefined) {
      lines.push(`  active job: ${error.jobId} (npx sluice jobs watch ${error.jobId}; cancel it with npx sluice jobs cancel ${error.jobId})`);
    }
    if (error.status === 401 && settings?.tokenSource === 'none') {
      lines.push('  no admin token was sent: pass --token, set ADMIN_TOKEN, or start the local server (npm start) so .data/dev-secrets.env exists');
    }
    return lines.join('\n');
  }
  if (error instanceof ServerUnreachableError) {
    return `sluice: ${error.message}\n  is the server running? (npm start for a local one; --url or SLUICE_URL for another)`;
  }
  return `sluice: ${error instanceof Error ? error.message : String(error)}`;
}
