import type { VendorObservation } from '../../budgets/budget-policy.js';

/**
 * Pure: what Etsy's rate headers on a success say, as the budget reads it
 * (https://developers.etsy.com/documentation/essentials/rate-limits): `x-remaining-today` of
 * `x-limit-per-day` (the app key's sliding 24 hours) and `x-remaining-this-second` of
 * `x-limit-per-second`. Undefined when the answer carries none, so no observation is stored for nothing.
 */
export function observationOfHeaders(headers: Headers): VendorObservation | undefined {
  const remaining = count(headers.get('x-remaining-today'));
  const limit = count(headers.get('x-limit-per-day'));
  const thisSecond = count(headers.get('x-remaining-this-second'));
  const perSecond = count(headers.get('x-limit-per-second'));
  const observation: VendorObservation = {
    ...(remaining === undefined ? {} : { remainingToday: limit === undefined ? { remaining } : { remaining, limit } }),
    ...(thisSecond === undefined ? {} : { remainingThisSecond: thisSecond }),
    ...(thisSecond === undefined || perSecond === undefined ? {} : { limitPerSecond: perSecond }),
  };
  return Object.keys(observation).length === 0 ? undefined : observation;
}

function count(header: string | null): number | undefined {
  return header !== null && /^\s*\d+\s*$/.test(header) ? Number(header) : undefined;
}
