/** A two-way road between two places and how many minutes it takes to drive. */
export type Road = readonly [from: string, to: string, minutes: number];

/**
 * The name of the road between `a` and `b`, the same in both directions.
 *
 * @example
 * roadKey('mill', 'depot') // 'depot|mill'
 */
export function roadKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function neighbours(roads: readonly Road[], place: string, blocked: ReadonlySet<string>) {
  const out: [string, number][] = [];
  for (const [a, b, minutes] of roads) {
    if (blocked.has(roadKey(a, b))) continue;
    if (a === place) out.push([b, minutes]);
    else if (b === place) out.push([a, minutes]);
  }
  return out;
}

function nearestOpen(distance: ReadonlyMap<string, number>, done: ReadonlySet<string>): string | undefined {
  let best: string | undefined;
  for (const [place, d] of distance) {
    if (!done.has(place) && (best === undefined || d < distance.get(best)!)) best = place;
  }
  return best;
}

function pathTo(previous: ReadonlyMap<string, string>, to: string): string[] {
  const path = [to];
  for (let at = previous.get(to); at !== undefined; at = previous.get(at)) path.unshift(at);
  return path;
}

/**
 * The quickest route from `from` to `to` over roads not in `blocked`, as the places passed through
 * (both ends included), or `undefined` when there is none. Dijkstra; ties go to the road listed first.
 *
 * @example
 * quickestRoute([['a', 'b', 1], ['b', 'c', 1]], 'a', 'c') // ['a', 'b', 'c']
 */
export function quickestRoute(
  roads: readonly Road[],
  from: string,
  to: string,
  blocked: ReadonlySet<string> = new Set(),
): string[] | undefined {
  const distance = new Map([[from, 0]]);
  const previous = new Map<string, string>();
  const done = new Set<string>();
  for (let place = nearestOpen(distance, done); place !== undefined; place = nearestOpen(distance, done)) {
    if (place === to) return pathTo(previous, to);
    done.add(place);
    for (const [next, minutes] of neighbours(roads, place, blocked)) {
      const d = distance.get(place)! + minutes;
      if (d < (distance.get(next) ?? Number.POSITIVE_INFINITY)) {
        distance.set(next, d);
        previous.set(next, place);
      }
    }
  }
  return undefined;
}

/**
 * True when no road along `route` is blocked.
 *
 * @example
 * routeOpen(['market', 'square', 'harbour'], new Set(['harbour|square'])) // false
 */
export function routeOpen(route: readonly string[], blocked: ReadonlySet<string>): boolean {
  return route.every((place, i) => i === 0 || !blocked.has(roadKey(route[i - 1]!, place)));
}
