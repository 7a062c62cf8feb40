/**
 * A fake of Etsy Open API v3 (consent page, token endpoint with PKCE, users/me, shops, receipts with
 * embedded transactions, listings, payment-account ledger entries) with deterministic synthetic
 * shops, Etsy's app-key limits and fault injection — for end-to-end tests of the Etsy connector,
 * the offline dev server, and benchmarks.
 */
export { createEtsySimulator, type EtsySimulator } from './simulator.js';
export { startEtsySimulator, type EtsySimulatorServerOptions, type RunningEtsySimulator } from './server.js';
export { DEFAULT_SHOPS } from './synthetic-shop.js';
export {
  ETSY_SCOPES,
  RECEIPT_MONEY_FIELDS,
  RECEIPT_STATUSES,
  type EndpointStats,
  type EtsyApi,
  type EtsyEndpoint,
  type EtsyShopSpec,
  type EtsySimulatorOptions,
  type EtsySimulatorStats,
  type EtsyTruth,
  type FaultKind,
  type FaultRates,
  type FaultSpec,
  type ListingChanges,
  type RawMoney,
  type ReceiptChanges,
  type ReceiptMoneyField,
  type ReceiptStatus,
  type TruthLineItem,
  type TruthListing,
  type TruthOrder,
  type TruthPayment,
} from './types.js';
