/**
 * A per-day allowance that starts afresh when the vendor's day turns. Vendors reset on different
 * calendars (YouTube at midnight America/Los_Angeles), so the calendar is the caller's: `today()`
 * names the current quota day, and a new name starts a new allowance. A call costs one unit unless
 * it says otherwise (the YouTube Data API prices each method in units).
 */
export class DailyQuota {
  private day = '';
  private spent = 0;
  private limit: number;
  private readonly today: () => string;

  /** `limit`: units per day; Infinity for none (the day's use is still counted). */
  constructor(limit: number, today: () => string) {
    this.limit = limit;
    this.today = today;
  }

  /** Counts `units`; false when they no longer fit in today's allowance (a refused call costs nothing). */
  tryConsume(units = 1): boolean {
    this.turnDay();
    if (this.spent + units > this.limit) return false;
    this.spent += units;
    return true;
  }

  /** Units spent so far today. */
  used(): number {
    this.turnDay();
    return this.spent;
  }

  setLimit(limit: number): void {
    this.limit = limit;
  }

  /** As if the day had turned: today's allowance starts afresh. */
  startAfresh(): void {
    [this.day, this.spent] = [this.today(), 0];
  }

  private turnDay(): void {
    const day = this.today();
    if (day !== this.day) [this.day, this.spent] = [day, 0];
  }
}
