/** YouTube's budget keys (DESIGN.md "Budgets"): Analytics queries, and Data API units. */
export const ANALYTICS_BUDGET = 'youtube';
export const DATA_API_BUDGET = 'youtube-data';
