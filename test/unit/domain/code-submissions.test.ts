import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../src/domain/audit.js';
import { chainVerdict, codeOutcomeOf, type SubmittedCode } from '../../../src/domain/code-submissions.js';

const now = new Date('2026-12-07T12:00:00.000Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
const rules = { submission: 'own', maxTokenAttempts: 3, lockout: { maxFailures: 2, windowMinutes: 15 }, now };
const own: SubmittedCode = { id: 'own', at: now.toISOString() };

describe('chainVerdict: what the chain lets through to STS', () => {
  it('takes every code of the request not given back, wrong, in flight or never settled, but not this one', () => {
    const request: SubmittedCode[] = [
      { id: 'a', outcome: 'wrong' },
      { id: 'b' },
      { id: 'c', outcome: 'given-back' },
      own,
    ];
    expect(chainVerdict({ request, device: [] }, rules)).toEqual({ kind: 'send' });
    expect(chainVerdict({ request: [...request, { id: 'd' }], device: [] }, rules)).toEqual({
      kind: 'refuse',
      code: 'TOKEN_ATTEMPTS_EXHAUSTED',
      counted: 3,
    });
  });

  it('locks the device on wrong codes and on codes whose hold lapsed unsettled, never on codes in flight', () => {
    const inFlight: SubmittedCode = { id: 'a', at: ago(10) };
    const wrong: SubmittedCode = { id: 'b', at: ago(120), outcome: 'wrong' };
    const accepted: SubmittedCode = { id: 'c', at: ago(100), outcome: 'given-back' };
    expect(chainVerdict({ request: [], device: [inFlight, wrong, accepted, own] }, rules)).toEqual({
      kind: 'send',
    });
    const lapsed: SubmittedCode = { id: 'd', at: ago(90) };
    expect(chainVerdict({ request: [], device: [inFlight, wrong, lapsed, own] }, rules)).toEqual({
      kind: 'refuse',
      code: 'APPROVER_DEVICE_LOCKED',
      counted: 2,
      retryAt: new Date(Date.parse(ago(120)) + 15 * 60_000).toISOString(),
    });
  });

  it.each([
    ['TOKEN_REJECTED', 'wrong'],
    ['APPROVAL_RECORDED', 'given-back'],
    ['REQUEST_APPROVED', 'given-back'],
    ['FINISH_STARTED', 'given-back'],
    ['STEP_UP_FAILED', 'given-back'],
    ['CODE_COUNT_DISAGREED', 'given-back'],
    ['REQUEST_COMPLETED', undefined],
  ] as const)('reads %s naming a submission as %s', (type, outcome) => {
    const event = { type, details: { submission: 's-1' } } as unknown as AuditEvent;
    expect(codeOutcomeOf(event)).toBe(outcome);
  });
});
