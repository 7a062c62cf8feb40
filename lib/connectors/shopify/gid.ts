import { PermanentError } from '../../errors.js';

/**
 * Shopify's global ids (`gid://shopify/Order/123`) and the number at their end, which Sluice
 * stores (PLATFORMS.md: "ids → the number at the end of the GID").
 * https://shopify.dev/docs/api/usage/gids
 *
 * Anything else is refused rather than guessed at. That includes a query string
 * (`gid://shopify/InventoryLevel/1?inventory_item_id=2`): Shopify adds one only to compound ids,
 * where the number alone does not name the record, so stripping it would merge records.
 */
const GID = /^gid:\/\/shopify\/([A-Za-z][A-Za-z0-9]*)\/(\d+)$/;

/** The number at the end of a Shopify GID, as a string (ids exceed 2^53); `type` checks the resource type too. */
export function idFromGid(gid: string, type?: string): string {
  const match = GID.exec(gid);
  if (!match) throw new PermanentError(`not a Shopify GID with a numeric id: ${JSON.stringify(gid)}`);
  if (type !== undefined && match[1] !== type) throw new PermanentError(`expected a Shopify ${type} GID, got ${JSON.stringify(gid)}`);
  return match[2]!;
}
