import { useEffect, useRef, useState } from 'preact/hooks';
import { clock } from './format.js';
import type { Store } from './store.js';

/** The scrubber: drag back to see every actor and the messages as they were; Live returns to now. */
export function Timeline({ store }: { store: Store }) {
  const stats = store.stats;
  const [dragging, setDragging] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  if (stats === undefined) return <footer class="timeline" />;
  const min = stats.oldestSeq;
  const max = Math.max(stats.seq, min + 1);
  const value = dragging ?? store.travelSeq ?? max;
  const travelling = store.travelSeq !== null;
  const move = (seq: number) => {
    setDragging(seq);
    clearTimeout(timer.current);
    // Ask the server once the hand rests, not for every pixel.
    timer.current = setTimeout(() => {
      setDragging(null);
      store.travelTo(seq >= stats.seq ? null : seq);
    }, 80);
  };
  return (
    <footer class={`timeline${travelling ? ' travelling' : ''}`}>
      <span class="timeline-state" data-testid="travel-indicator" data-travelling={String(travelling)}>
        {travelling && store.travel !== null
          ? `◀◀ ${clock(store.travel.at)} (frame ${store.travel.seq})`
          : travelling
            ? '◀◀ …'
            : '● live'}
      </span>
      <div class="scrubber">
        <input
          type="range"
          min={min}
          max={max}
          step={1}
          value={value}
          data-testid="timeline"
          aria-label="time travel"
          onInput={(e) => move(Number((e.target as HTMLInputElement).value))}
        />
        <div class="marks">
          {store.marks
            .filter((m) => m.seq >= min)
            .slice(-100)
            .map((m) => (
              <span
                key={`${m.seq}-${m.text}`}
                class={`mark ${m.kind}`}
                style={{ left: `${((m.seq - min) / (max - min)) * 100}%` }}
                title={`${clock(m.at)} ${m.text}`}
              />
            ))}
        </div>
      </div>
      <button
        type="button"
        data-testid="live-button"
        disabled={!travelling}
        onClick={() => store.travelTo(null)}
      >
        Live
      </button>
    </footer>
  );
}
