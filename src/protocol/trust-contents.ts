import { conflictContents } from './conflict-content.js';
import { consensusContents } from './consensus-content.js';
import { electionContents } from './election-content.js';
import { ipdContents } from './ipd-content.js';
import { reputationContents } from './reputation-content.js';

/** The content schemas of reputation, consensus, leader election, conflict resolution and the IPD. */
export const trustContents = [
  ...reputationContents,
  ...consensusContents,
  ...electionContents,
  ...conflictContents,
  ...ipdContents,
] as const;
