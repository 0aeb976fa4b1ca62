/**
 * A bounded buffer of items in the order they came: when full, the oldest item makes room. Items carry a
 * rising sequence number, so "everything up to seq S" is a binary search.
 *
 * @example
 * const ring = new Ring<{ seq: number }>(3);
 * for (let seq = 1; seq <= 5; seq++) ring.push({ seq });
 * ring.toArray(); // seq 3, 4, 5
 */
export class Ring<T extends { readonly seq: number }> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;
  /** Items pushed out to make room, since the ring was made. */
  dropped = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be ≥ 1, not ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count < this.capacity) {
      this.items[(this.start + this.count) % this.capacity] = item;
      this.count++;
      return;
    }
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    this.dropped++;
  }

  /** The `i`-th item, oldest first. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.items[(this.start + i) % this.capacity];
  }

  get oldest(): T | undefined {
    return this.at(0);
  }

  get newest(): T | undefined {
    return this.at(this.count - 1);
  }

  /** Index of the last item with `seq ≤ seq`, or -1 when every item is later. */
  lastIndexAtOrBefore(seq: number): number {
    let low = 0;
    let high = this.count - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (this.at(mid)!.seq <= seq) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  /** The last item with `seq ≤ seq`. */
  atOrBefore(seq: number): T | undefined {
    return this.at(this.lastIndexAtOrBefore(seq));
  }

  /** Up to `limit` items with `seq > after` (and `≤ upTo`), oldest first, and how many newer ones it skipped. */
  range(after: number, upTo: number, limit: number): { items: T[]; skipped: number } {
    const last = this.lastIndexAtOrBefore(upTo);
    const first = this.lastIndexAtOrBefore(after) + 1;
    const available = last - first + 1;
    if (available <= 0) return { items: [], skipped: 0 };
    // Keep the newest ones: a page that fell behind wants what is happening now.
    const from = Math.max(first, last - limit + 1);
    const items: T[] = [];
    for (let i = from; i <= last; i++) items.push(this.at(i)!);
    return { items, skipped: from - first };
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.at(i)!);
    return out;
  }
}
