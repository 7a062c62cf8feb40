import type { Config } from '../../lib/config/env.js';
import { ConfigError, UnauthorizedError } from '../../lib/errors.js';
import { bearerToken, secretsEqual } from '../../lib/shared/secrets.js';

/** `none`: a public document (the OpenAPI description), nothing behind it. */
export type AuthKind = 'cron' | 'admin' | 'none';

/** Throws unless the request carries the bearer `kind` requires (compared in constant time). */
export function authorize(request: Request, config: Config, kind: AuthKind): void {
  if (kind === 'none') return;
  const expected = kind === 'cron' ? config.cronSecret : config.adminToken;
  const name = kind === 'cron' ? 'CRON_SECRET' : 'ADMIN_TOKEN';
  if (!expected) throw new ConfigError(`${name} is not configured`);
  const presented = bearerToken(request.headers.get('authorization') ?? undefined);
  if (presented === undefined) throw new UnauthorizedError(`missing "Authorization: Bearer <${name}>" header`);
  if (!secretsEqual(presented, expected)) throw new UnauthorizedError(`invalid bearer token (expected ${name})`);
}
