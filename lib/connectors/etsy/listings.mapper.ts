import { minorFromMoney } from '../../commerce/money.js';
import type { ListingRow } from '../../commerce/listings.repository.js';
import { dateOfEpochSeconds } from './etsy-time.js';
import type { EtsyListing } from './etsy.schemas.js';

/** Pure: an active listing → its `listings` row; the price is Etsy's money object (the lowest offering's). */
export function mapListing(listing: EtsyListing): ListingRow {
  return {
    platformId: String(listing.listingId),
    title: listing.title,
    state: listing.state,
    priceMinor: minorFromMoney(listing.price, `etsy listing ${listing.listingId} price`),
    currency: listing.price.currency_code,
    quantity: listing.quantity,
    platformUpdatedAt: dateOfEpochSeconds(listing.updatedAt),
  };
}
