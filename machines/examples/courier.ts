import type { Inbound } from '../../src/protocol/envelope.js';
import { type ReplyAddress, reply, replyAddress } from '../../src/protocol/outbound.js';
import type { GoalEnd, Perception, Plan, Step } from '../bdi/bdi-types.js';
import { PlanFailure } from '../bdi/plan-failure.js';
import { bdiAgent } from '../bdi-agent.js';
import { quickestRoute, type Road, roadKey, routeOpen } from './town-map.js';

/**
 * A courier as a BDI agent: it accepts delivery requests, drives one road per step, and replans when a
 * road on its way is reported blocked. Urgent parcels go first, even mid-delivery.
 */

/** The town: the main road, a ring road and a country road from the depot to the harbour. */
export const TOWN: readonly Road[] = [
  ['depot', 'market', 1],
  ['market', 'square', 1],
  ['square', 'harbour', 1],
  ['market', 'ring', 2],
  ['ring', 'harbour', 2],
  ['depot', 'mill', 2],
  ['mill', 'harbour', 4],
];

export interface Parcel {
  readonly from: string;
  readonly to: string;
  readonly urgent: boolean;
  readonly status: 'waiting' | 'carried' | 'delivered' | 'cancelled';
  /** Where news about the parcel goes. */
  readonly customer: ReplyAddress;
}

export interface CourierBeliefs {
  readonly at: string;
  readonly roads: readonly Road[];
  /** Keys (see `roadKey`) of the roads reported blocked. */
  readonly blocked: readonly string[];
  readonly parcels: Readonly<Record<string, Parcel>>;
  /** The chance that the next road is jammed, holding the courier up for one step. */
  readonly traffic: number;
  /** Every place driven to, in order. */
  readonly trail: readonly string[];
}

export type CourierGoals = { deliver: { parcel: string }; reach: { place: string } };

export type DeliveryRequest = Inbound<
  'request',
  { kind: 'delivery'; parcel: string; from: string; to: string; urgent?: boolean }
>;
export type RoadReport = Inbound<'inform', { kind: 'road-blocked' | 'road-open'; from: string; to: string }>;
export type DeliveryCancel = Inbound<'cancel', { kind: 'cancel-delivery'; parcel: string }>;
export type CourierMessage = DeliveryRequest | RoadReport | DeliveryCancel;

type CourierPerception = Perception<CourierBeliefs, CourierGoals> | undefined;

const blockedSet = (beliefs: CourierBeliefs) => new Set(beliefs.blocked);

const withParcel = (beliefs: CourierBeliefs, id: string, change: Partial<Parcel>) => ({
  parcels: { ...beliefs.parcels, [id]: { ...beliefs.parcels[id]!, ...change } },
});

function acceptDelivery(message: DeliveryRequest, beliefs: CourierBeliefs): CourierPerception {
  const { parcel, from, to, urgent = false } = message.content;
  if (beliefs.parcels[parcel] !== undefined) {
    return {
      send: [reply(message, 'refuse', { kind: 'reason', reason: `parcel ${parcel} is already booked` })],
    };
  }
  const booked: Parcel = { from, to, urgent, status: 'waiting', customer: replyAddress(message) };
  return {
    beliefs: { parcels: { ...beliefs.parcels, [parcel]: booked } },
    adopt: [{ goal: 'deliver', args: { parcel } }],
    send: [reply(message, 'agree', { kind: 'delivery-accepted', parcel })],
  };
}

function noteRoad(message: RoadReport, beliefs: CourierBeliefs): CourierPerception {
  const key = roadKey(message.content.from, message.content.to);
  const others = beliefs.blocked.filter((k) => k !== key);
  return { beliefs: { blocked: message.content.kind === 'road-blocked' ? [...others, key] : others } };
}

function cancelDelivery(message: DeliveryCancel, beliefs: CourierBeliefs): CourierPerception {
  const parcel = beliefs.parcels[message.content.parcel];
  if (parcel === undefined || parcel.status === 'delivered') return undefined;
  return { beliefs: withParcel(beliefs, message.content.parcel, { status: 'cancelled' }) };
}

/** One road toward `place`: along the quickest route over open roads, or the quickest route at all. */
const drive =
  (aroundBlocks: boolean): Step<CourierBeliefs, CourierGoals, { place: string }> =>
  ({ beliefs, args, random }) => {
    const blocked = blockedSet(beliefs);
    const route = quickestRoute(beliefs.roads, beliefs.at, args.place, aroundBlocks ? blocked : undefined);
    if (route === undefined || !routeOpen(route.slice(0, 2), blocked)) {
      throw new PlanFailure(`no open road from ${beliefs.at} toward ${args.place}`);
    }
    if (random() < beliefs.traffic) return { repeat: true };
    const next = route[1] ?? beliefs.at;
    return { beliefs: { at: next, trail: [...beliefs.trail, next] }, repeat: next !== args.place };
  };

const parcelOf = (beliefs: CourierBeliefs, id: string) => beliefs.parcels[id]!;

const plans: readonly Plan<CourierBeliefs, CourierGoals>[] = [
  {
    id: 'collect-and-deliver',
    goal: 'deliver',
    context: (b, { parcel }) =>
      b.parcels[parcel]?.status === 'waiting' || b.parcels[parcel]?.status === 'carried',
    body: [
      ({ beliefs, args }) => {
        const parcel = parcelOf(beliefs, args.parcel);
        return parcel.status === 'carried'
          ? undefined
          : { post: { goal: 'reach', args: { place: parcel.from } } };
      },
      ({ beliefs, args }) => {
        const parcel = parcelOf(beliefs, args.parcel);
        if (parcel.status === 'carried') return undefined;
        if (beliefs.at !== parcel.from)
          throw new PlanFailure(`parcel ${args.parcel} is not at ${beliefs.at}`);
        return { beliefs: withParcel(beliefs, args.parcel, { status: 'carried' }) };
      },
      ({ beliefs, args }) => ({
        post: { goal: 'reach', args: { place: parcelOf(beliefs, args.parcel).to } },
      }),
      ({ beliefs, args }) => {
        const parcel = parcelOf(beliefs, args.parcel);
        return {
          beliefs: withParcel(beliefs, args.parcel, { status: 'delivered' }),
          send: [
            reply(parcel.customer, 'inform', { kind: 'delivered', parcel: args.parcel, at: beliefs.at }),
          ],
        };
      },
    ],
  },
  {
    id: 'main-road',
    goal: 'reach',
    context: (b, { place }) => {
      const route = quickestRoute(b.roads, b.at, place);
      return route !== undefined && routeOpen(route, blockedSet(b));
    },
    body: [drive(false)],
  },
  {
    id: 'detour',
    goal: 'reach',
    context: (b, { place }) => quickestRoute(b.roads, b.at, place, blockedSet(b)) !== undefined,
    body: [drive(true)],
  },
];

function tellCustomer(end: GoalEnd<CourierGoals>, beliefs: CourierBeliefs) {
  if (end.goal !== 'deliver' || end.outcome === 'achieved') return undefined;
  const parcel = beliefs.parcels[end.args.parcel];
  if (parcel === undefined) return undefined;
  const reason = `parcel ${end.args.parcel} will not be delivered: ${end.reason ?? end.outcome}`;
  return [reply(parcel.customer, 'failure', { kind: 'reason', reason })];
}

/**
 * The courier machine. Spawn it with `input: { beliefs: { at, roads, traffic } }` to place it elsewhere.
 *
 * @example
 * system.spawn(courier, { id: 'courier' });
 * app.send({ performative: 'request', receiver: 'courier',
 *   content: { kind: 'delivery', parcel: 'p1', from: 'market', to: 'harbour' } });
 */
export const courier = bdiAgent<CourierBeliefs, CourierGoals, CourierMessage>({
  id: 'courier',
  beliefs: { at: 'depot', roads: TOWN, blocked: [], parcels: {}, traffic: 0, trail: [] },
  goals: {
    deliver: {
      priority: (b, { parcel }) => (b.parcels[parcel]?.urgent === true ? 10 : 1),
      achieved: (b, { parcel }) => b.parcels[parcel]?.status === 'delivered',
      impossible: (b, { parcel }) =>
        b.parcels[parcel] === undefined || b.parcels[parcel].status === 'cancelled',
    },
    reach: { achieved: (b, { place }) => b.at === place },
  },
  plans,
  perceives: ['request', 'inform', 'cancel'],
  perceive: (message, { beliefs }) => {
    if (message.type === 'request') return acceptDelivery(message, beliefs);
    if (message.type === 'inform') return noteRoad(message, beliefs);
    return cancelDelivery(message, beliefs);
  },
  onGoalEnd: tellCustomer,
  stepDelay: 60_000,
});
