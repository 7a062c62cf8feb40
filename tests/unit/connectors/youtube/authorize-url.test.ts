import { describe, expect, it } from '@jest/globals';
import { createYouTubeClient } from '../../../../lib/connectors/youtube/youtube.client.js';
import type { BudgetGate } from '../../../../lib/budgets/budget-gate.js';

const settings = {
  clientId: 'client-1',
  clientSecret: 'secret',
  redirectUri: 'https://app.example/cb',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  analyticsRootUrl: 'https://youtubeanalytics.googleapis.com/',
  dataRootUrl: 'https://youtube.googleapis.com/',
};

describe('YouTube consent URL', () => {
  it('asks for offline access with the consent prompt, the read scopes, and youtube.force-ssl only for write', async () => {
    const client = await createYouTubeClient(settings, {} as BudgetGate, { now: () => new Date() });
    const read = new URL(client.authorizeUrl('st4te', 'read'));
    expect(read.origin + read.pathname).toBe(settings.authorizeUrl);
    expect(Object.fromEntries(read.searchParams)).toMatchObject({ client_id: 'client-1', redirect_uri: settings.redirectUri, response_type: 'code', access_type: 'offline', prompt: 'consent', state: 'st4te' });
    expect(read.searchParams.get('scope')).not.toContain('youtube.force-ssl');
    const write = new URL(client.authorizeUrl('st4te', 'write'));
    expect(write.searchParams.get('scope')!.split(' ')).toContain('https://www.googleapis.com/auth/youtube.force-ssl');
  });
});
