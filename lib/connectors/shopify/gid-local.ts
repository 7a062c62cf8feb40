import { PermanentError } from '../../errors.js';

/*
 * Stand-in for gid.ts (another branch), same name and contract: the mappers import it from here
 * until the two meet, then the import moves.
 */

const GID = /^gid:\/\/shopify\/([A-Za-z][A-Za-z0-9]*)\/([0-9]+)$/;

/**
 * `gid://shopify/Order/450789469` → `"450789469"`, the number Sluice keys rows on (PLATFORMS.md:
 * "ids → the number at the end of the GID"). With `type`, a GID of another type is refused: an
 * order id where a product id belongs would link the wrong rows.
 * https://shopify.dev/docs/api/usage/gids
 */
export function idFromGid(gid: string, type?: string): string {
  const parts = GID.exec(gid);
  if (!parts) throw new PermanentError(`${JSON.stringify(gid)} is not a Shopify GID`);
  if (type !== undefined && parts[1] !== type) throw new PermanentError(`${JSON.stringify(gid)} is not a ${type} GID`);
  return parts[2]!;
}
