/** The one budget of the Etsy app key: every request, whichever entity or tenant (PLATFORMS.md "Etsy", Limits). */
export const ETSY_BUDGET = 'etsy';
