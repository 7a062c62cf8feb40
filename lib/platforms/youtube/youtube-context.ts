import { ConfigError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import { createRateLimiter, type RateLimiter } from '../../shared/rate-limiter.js';
import { createTokenCipher, type TokenCipher } from '../../shared/token-cipher.js';
import { createYouTubeClient, type YouTubeClient } from './youtube.client.js';

export interface YouTubeContext {
  client: YouTubeClient;
  cipher: TokenCipher;
}

const contexts = new WeakMap<Runtime, Promise<YouTubeContext>>();

/**
 * The YouTube client, token cipher and request-rate limiter of a runtime, built once: the
 * limiter must be shared by every task of an invocation to bound its request rate.
 */
export function youTubeContext(runtime: Runtime): Promise<YouTubeContext> {
  let context = contexts.get(runtime);
  if (!context) {
    const { google, tokenEncryptionKey, youtube } = runtime.config;
    if (!google.clientId || !google.clientSecret) throw new ConfigError('GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET must be set');
    if (!tokenEncryptionKey) throw new ConfigError('TOKEN_ENCRYPTION_KEY must be set');
    const limiter: RateLimiter = createRateLimiter(youtube.requestsPerSecond);
    const settings = { ...google, clientId: google.clientId, clientSecret: google.clientSecret, redirectUri: google.redirectUri };
    context = createYouTubeClient(settings, limiter, runtime.clock).then((client) => ({ client, cipher: createTokenCipher(tokenEncryptionKey) }));
    contexts.set(runtime, context);
  }
  return context;
}
