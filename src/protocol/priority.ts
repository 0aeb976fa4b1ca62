/** Delivery priorities, most urgent first: `critical` overtakes everything still queued. */
export const PRIORITIES = ['critical', 'high', 'normal', 'low'] as const;

export type Priority = (typeof PRIORITIES)[number];

/** The lane index of a priority: 0 is delivered first. */
export const PRIORITY_RANK: Readonly<Record<Priority, 0 | 1 | 2 | 3>> = {
  critical: 0,
  high: 1,
  normal: 2,
  low: 3,
};
