/** An etag for a Data API resource or list: stable for the same content, as Google's are. */
import { createHash } from 'node:crypto';

export const etagOf = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 27);
