import type { Clock } from '../bus/clock.js';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/**
 * Simulated time: nothing happens until the clock is advanced, and timers due at the same instant fire in
 * the order they were set. It implements XState's `Clock`, so machines' `after` delays run on it too, and
 * adds what a simulation needs: when the next timer is due, and advancing straight to it.
 *
 * @example
 * const clock = new VirtualClock();
 * const system = createSystem({ clock, seed: 7 });
 * system.run(); // deliver and fire timers until nothing is left to do
 */
export class VirtualClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly heap: Timer[] = [];
  private live = 0;

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): Timer {
    const timer: Timer = {
      at: this.time + Math.max(0, Number.isFinite(ms) ? ms : 0),
      seq: this.seq++,
      callback,
      cancelled: false,
    };
    this.push(timer);
    this.live++;
    return timer;
  }

  clearTimeout(handle: unknown): void {
    const timer = handle as Timer | undefined;
    if (timer === undefined || timer === null || timer.cancelled) return;
    timer.cancelled = true;
    this.live--;
  }

  /** Timers set and not yet fired or cleared. */
  get pending(): number {
    return this.live;
  }

  /** When the next timer is due, or `undefined` when none is set. */
  nextAt(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  /** Fires the next due timer, moving time to it; false when there is none. */
  runNext(): boolean {
    this.dropCancelled();
    const timer = this.pop();
    if (timer === undefined) return false;
    this.time = Math.max(this.time, timer.at);
    timer.cancelled = true;
    this.live--;
    timer.callback();
    return true;
  }

  /** Moves time to `t`, firing every timer due by then in order (including ones those timers set). */
  advanceTo(t: number): void {
    for (let next = this.nextAt(); next !== undefined && next <= t; next = this.nextAt()) this.runNext();
    this.time = Math.max(this.time, t);
  }

  advance(ms: number): void {
    this.advanceTo(this.time + ms);
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.pop();
  }

  private before(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): Timer | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && this.before(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && this.before(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) break;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
    return top;
  }
}
