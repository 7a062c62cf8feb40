/**
 * A calls-per-day allowance that starts afresh when the vendor's day turns. Vendors reset on
 * different calendars (YouTube at midnight America/Los_Angeles), so the calendar is the caller's:
 * `today()` names the current quota day, and a new name starts a new allowance.
 */
export class DailyQuota {
  private day = '';
  private used = 0;
  private readonly limit: number;
  private readonly today: () => string;

  constructor(limit: number, today: () => string) {
    this.limit = limit;
    this.today = today;
  }

  /** Counts a call; false once today's allowance is spent (a refused call costs nothing). */
  tryConsume(): boolean {
    const day = this.today();
    if (day !== this.day) [this.day, this.used] = [day, 0];
    if (this.used >= this.limit) return false;
    this.used += 1;
    return true;
  }
}
