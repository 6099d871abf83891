/**
 * The modal submissions one bot is working on. In a burst each of them takes longer and the event
 * loop is busy, so a timer set for the deadline fires late: past `BUSY_SUBMISSIONS` in flight,
 * "working on it" is answered at once rather than at the deadline. One per bot, built where the
 * bot is wired, so that bots sharing a process never count each other's.
 */
export interface SubmissionWorkload {
  inFlight: number;
  /** The submissions still waiting for their deadline: told to answer at once when it gets busy. */
  readonly waiting: Set<() => void>;
}

export const BUSY_SUBMISSIONS = 8;

export function newSubmissionWorkload(): SubmissionWorkload {
  return { inFlight: 0, waiting: new Set() };
}
