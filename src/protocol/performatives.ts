/** The FIPA ACL communicative acts (FIPA SC00037J). An inbound envelope reaches a machine as an event of this type. */
export const PERFORMATIVES = [
  'accept-proposal',
  'agree',
  'cancel',
  'cfp',
  'confirm',
  'disconfirm',
  'failure',
  'inform',
  'inform-if',
  'inform-ref',
  'not-understood',
  'propagate',
  'propose',
  'proxy',
  'query-if',
  'query-ref',
  'refuse',
  'reject-proposal',
  'request',
  'request-when',
  'request-whenever',
  'subscribe',
] as const;

export type Performative = (typeof PERFORMATIVES)[number];

const KNOWN: ReadonlySet<string> = new Set(PERFORMATIVES);

/** True when `value` names a FIPA performative. */
export function isPerformative(value: unknown): value is Performative {
  return typeof value === 'string' && KNOWN.has(value);
}
