/**
 * A calls-per-day quota keyed by the Pacific day: YouTube quotas reset at midnight America/Los_Angeles.
 * https://developers.google.com/youtube/v3/guides/quota_and_compliance_audits
 */
export class DailyQuota {
  private day = '';
  private used = 0;
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Counts a call on `day` ('YYYY-MM-DD', Pacific); false once that day's quota is spent. */
  tryConsume(day: string): boolean {
    if (day !== this.day) [this.day, this.used] = [day, 0];
    if (this.used >= this.limit) return false;
    this.used += 1;
    return true;
  }
}
