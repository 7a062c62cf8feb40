/**
 * A fake of the Printify API (shops, orders, products), its OAuth app flow and its limits, with
 * deterministic synthetic data, ground truth in Sluice's terms and fault injection — for
 * connector tests, end-to-end tests, the offline dev server and benchmarks.
 */
export { createPrintifySimulator, type PrintifySimulator } from './simulator.js';
export { startPrintifySimulator, type PrintifySimulatorServerOptions, type RunningPrintifySimulator } from './server.js';
export type {
  EndpointStats,
  FaultKind,
  FaultRates,
  FaultSpec,
  PrintifyAccountSpec,
  PrintifyEndpoint,
  PrintifyLineItem,
  PrintifyOrder,
  PrintifyOrderChanges,
  PrintifyOrderStatus,
  PrintifyProduct,
  PrintifyShipment,
  PrintifyShop,
  PrintifyShopSpec,
  PrintifySimulatorOptions,
  PrintifySimulatorStats,
  PrintifyTruth,
  PrintifyVariant,
  SimulatedApi,
  TruthLineItem,
  TruthOrder,
  TruthProduct,
  TruthVariant,
} from './types.js';
