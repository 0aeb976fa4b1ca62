/**
 * A growable ring buffer of pairs. Pairs live in two parallel arrays so queueing a delivery allocates
 * nothing once the buffer has grown to its working size.
 */
export class PairFifo<A, B> {
  private firsts: (A | undefined)[] = new Array(16);
  private seconds: (B | undefined)[] = new Array(16);
  private head = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(a: A, b: B): void {
    if (this.count === this.firsts.length) this.grow();
    const at = (this.head + this.count) & (this.firsts.length - 1);
    this.firsts[at] = a;
    this.seconds[at] = b;
    this.count++;
  }

  /** The oldest pair's first element; call {@link shiftSecond} right after to take the rest of it. */
  shiftFirst(): A {
    const a = this.firsts[this.head] as A;
    this.firsts[this.head] = undefined;
    return a;
  }

  shiftSecond(): B {
    const b = this.seconds[this.head] as B;
    this.seconds[this.head] = undefined;
    this.head = (this.head + 1) & (this.firsts.length - 1);
    this.count--;
    return b;
  }

  /** Empties the buffer, handing every pair to `each`, oldest first. */
  clear(each: (a: A, b: B) => void): void {
    while (this.count > 0) {
      const a = this.shiftFirst();
      each(a, this.shiftSecond());
    }
  }

  private grow(): void {
    const length = this.firsts.length;
    const firsts: (A | undefined)[] = new Array(length * 2);
    const seconds: (B | undefined)[] = new Array(length * 2);
    for (let i = 0; i < this.count; i++) {
      firsts[i] = this.firsts[(this.head + i) & (length - 1)];
      seconds[i] = this.seconds[(this.head + i) & (length - 1)];
    }
    this.firsts = firsts;
    this.seconds = seconds;
    this.head = 0;
  }
}
