/**
 * The Data API's daily quota in units, each method at its documented price:
 * https://developers.google.com/youtube/v3/determine_quota_cost (list 1, insert/update/delete 50).
 * Every authenticated request is charged, invalid ones too ("every request costs, even invalid
 * ones"); one that no longer fits is refused with 403 quotaExceeded and charged nothing. The day
 * turns at midnight Pacific (`today`): https://developers.google.com/youtube/v3/guides/quota_and_compliance_audits
 */
import { DailyQuota } from '../_shared/daily-quota.js';
import type { DataEndpoint } from './types.js';

export const DATA_API_UNITS: Record<DataEndpoint, number> = {
  'data.channels.list': 1,
  'data.playlists.list': 1,
  'data.playlists.insert': 50,
  'data.playlists.delete': 50,
  'data.playlistItems.list': 1,
  'data.playlistItems.insert': 50,
};

export interface DataUnitsUsed {
  /** Charged since the quota day began (or resetDataQuota). */
  today: number;
  /** Charged since the simulator started. */
  total: number;
  byEndpoint: Record<string, number>;
}

export class DataQuota {
  private readonly daily: DailyQuota;
  private total = 0;
  private readonly byEndpoint: Record<string, number> = {};

  /** `limit`: units per day; null for unlimited. */
  constructor(limit: number | null, today: () => string) {
    this.daily = new DailyQuota(limit ?? Infinity, today);
  }

  /** Charges the endpoint's price; false (nothing charged) when it no longer fits today. */
  tryCharge(endpoint: DataEndpoint): boolean {
    const units = DATA_API_UNITS[endpoint];
    if (!this.daily.tryConsume(units)) return false;
    this.total += units;
    this.byEndpoint[endpoint] = (this.byEndpoint[endpoint] ?? 0) + units;
    return true;
  }

  used(): DataUnitsUsed {
    return { today: this.daily.used(), total: this.total, byEndpoint: { ...this.byEndpoint } };
  }

  setLimit(limit: number | null): void {
    this.daily.setLimit(limit ?? Infinity);
  }

  /** As if midnight Pacific had passed. */
  startAfresh(): void {
    this.daily.startAfresh();
  }
}
