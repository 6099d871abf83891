import { describe, expect, it } from 'vitest';
import { CommandRateLimit } from '../../../src/domain/command-rate.js';
import { ALICE, BOB } from '../fakes/people.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 7, 9, 0, 0) + seconds * 1000);

describe('the per-member command limit', () => {
  it('admits perMinute commands in a minute and refuses the next, saying when the oldest frees a place', () => {
    const limit = new CommandRateLimit(3);
    expect([0, 10, 20].map((s) => limit.admit(ALICE, at(s)).admitted)).toEqual([true, true, true]);
    expect(limit.admit(ALICE, at(30))).toEqual({
      admitted: false,
      retryAfterSeconds: 30,
      firstRefusal: true,
    });
  });

  it('marks only the first refusal of a window as the one to audit', () => {
    const limit = new CommandRateLimit(1);
    limit.admit(ALICE, at(0));
    const refusals = [1, 2, 3].map((s) => limit.admit(ALICE, at(s)));
    expect(refusals.map((r) => !r.admitted && r.firstRefusal)).toEqual([true, false, false]);
  });

  it('admits again once the oldest command is a minute old, and audits the next window’s refusal again', () => {
    const limit = new CommandRateLimit(2);
    limit.admit(ALICE, at(0));
    limit.admit(ALICE, at(30));
    expect(limit.admit(ALICE, at(59)).admitted).toBe(false);
    expect(limit.admit(ALICE, at(60)).admitted).toBe(true);
    expect(limit.admit(ALICE, at(61))).toMatchObject({ admitted: false, firstRefusal: true });
  });

  it('counts each member on their own', () => {
    const limit = new CommandRateLimit(1);
    expect(limit.admit(ALICE, at(0)).admitted).toBe(true);
    expect(limit.admit(ALICE, at(1)).admitted).toBe(false);
    expect(limit.admit(BOB, at(1)).admitted).toBe(true);
  });
});
