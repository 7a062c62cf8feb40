/**
 * A growable typed-array column: a shop of 200,000 orders keeps its integers in a few of these
 * (about 100 bytes an order with its lines) instead of as objects, and renders objects on demand.
 */
export class Column {
  private data: Float64Array;
  private size = 0;

  constructor(capacity = 16) {
    this.data = new Float64Array(Math.max(16, capacity));
  }

  get length(): number {
    return this.size;
  }

  push(value: number): number {
    if (this.size === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.size] = value;
    return this.size++;
  }

  get(index: number): number {
    if (index < 0 || index >= this.size) throw new RangeError(`index ${index} outside a column of ${this.size}`);
    return this.data[index]!;
  }

  set(index: number, value: number): void {
    if (index < 0 || index >= this.size) throw new RangeError(`index ${index} outside a column of ${this.size}`);
    this.data[index] = value;
  }
}
