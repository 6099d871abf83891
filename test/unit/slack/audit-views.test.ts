import { describe, expect, it } from 'vitest';
import { messageBlocksProblems } from '../../../sandbox/fake-slack/message-rules.js';
import { homeViewProblems, modalViewProblems } from '../../../sandbox/fake-slack/view-rules.js';
import type { AuditEvent } from '../../../src/domain/audit.js';
import type { HomeModel } from '../../../src/services/home.js';
import { ActionId, BlockId } from '../../../src/slack/ids.js';
import {
  parseAuditResultsMetadata,
  parseCursorValue,
  readAuditFilterSubmission,
} from '../../../src/slack/parse/audit-inputs.js';
import { homeView } from '../../../src/slack/views/home.js';
import {
  alarmMessage,
  auditFilterModal,
  auditResultsModal,
  auditTimelineModal,
} from '../../../src/slack/views/index.js';
import { aRequest } from '../fakes/request-builder.js';
import { allText } from './all-text.js';
import { someDevices } from './fixtures.js';

/** The longest event a trail can hold: 64-character IAM user, 256-character serials, long ids. */
function aWorstEvent(seq: number): AuditEvent {
  return {
    eventId: `e${seq}`,
    type: 'DEVICE_RESET_FAILED',
    at: '2024-05-01T10:00:00.000Z',
    requestId: 'r'.repeat(128),
    actor: { kind: 'member', slackUserId: 'U0APPROVER' },
    target: { slackUserId: 'U0ALICE', iamUserName: `<&>${'a'.repeat(61)}` },
    devices: [`arn:aws:iam::123456789012:mfa/${'<'.repeat(226)}`],
    outcome: 'failure',
    errorCode: 'AWS_ACCESS_DENIED',
    mfaSerial: `arn:aws:iam::123456789012:mfa/${'&'.repeat(226)}`,
    seq,
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
  };
}

const longFilter = { subject: { kind: 'request' as const, requestId: 'r'.repeat(128) }, days: 365 };

describe('the audit views stay within Slack’s limits', () => {
  it('fits a page of 25 worst-case events, the cursor and the filter', () => {
    const view = auditResultsModal({
      filter: longFilter,
      asOf: '2024-05-01T10:00:00.000Z',
      page: 9999,
      events: Array.from({ length: 25 }, (_, i) => aWorstEvent(i + 1)),
      cursor: 'c'.repeat(1_500),
    });
    expect(modalViewProblems(view)).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(view)).not.toContain('<&>'); // escaped
  });

  it('fits a timeline of 60 worst-case events with the request', () => {
    const devices = someDevices(8, 226);
    const view = auditTimelineModal({
      requestId: 'r'.repeat(128),
      request: aRequest({
        devices,
        reason: '<&>'.repeat(666),
        state: 'FAILED',
        failureCode: 'AWS_THROTTLED',
      }),
      events: Array.from({ length: 60 }, (_, i) => aWorstEvent(i + 1)),
      truncated: true,
    });
    expect(modalViewProblems(view)).toEqual([]);
    expect(allText(view)).toContain('#60');
    expect(allText(view)).toContain('More events exist');
  });

  it('fits the filter modal, and every alarm as a message', () => {
    expect(modalViewProblems(auditFilterModal())).toEqual([]);
    expect(
      messageBlocksProblems(
        alarmMessage({ kind: 'chain-broken', firstBadSeq: 7, verifiedSeq: 6, problem: '<'.repeat(3000) }),
      ),
    ).toEqual([]);
    const reset = {
      eventId: 'x'.repeat(200),
      action: 'DeleteVirtualMFADevice' as const,
      at: '2024-05-01T10:00:00.000Z',
      serial: '<'.repeat(256),
      caller: { arn: '&'.repeat(2048) },
      reason: 'no-request' as const,
    };
    expect(messageBlocksProblems(alarmMessage({ kind: 'cloudtrail-mismatch', reset }))).toEqual([]);
  });

  it('fits the Home of an approver and auditor with ten of everything', () => {
    const requests = Array.from({ length: 10 }, (_, i) =>
      aRequest({ id: `r${i}`, reason: '<'.repeat(2000) }),
    );
    const model: HomeModel = {
      slackUserId: 'U0APPROVER',
      roles: { approver: true, auditor: true },
      ownRequests: requests,
      pendingRequests: requests,
      unfinishedRequests: requests,
      latestRequests: requests,
      chain: {
        verified: { seq: 9, hash: 'h', at: '2024-05-01T10:00:00.000Z' },
        broken: { seq: 3, problem: '<'.repeat(900), at: '2024-05-01T10:00:00.000Z' },
      },
    };
    const view = homeView(model);
    // At most 100 blocks, unique block ids, every text within Slack's limits.
    expect(homeViewProblems(view)).toEqual([]);
  });
});

describe('what comes back from the audit views', () => {
  it('round-trips the results metadata through private_metadata and re-checks it', () => {
    const view = auditResultsModal({
      filter: longFilter,
      asOf: '2024-05-01T10:00:00.000Z',
      page: 3,
      events: [],
    });
    expect(parseAuditResultsMetadata(view.private_metadata)).toEqual({
      filter: longFilter,
      asOf: '2024-05-01T10:00:00.000Z',
      page: 3,
    });
    for (const forged of [
      '{}',
      '{"s":"member","v":"alice","d":"7","a":"2024-05-01T10:00:00.000Z","p":"1"}',
      'x',
      'y'.repeat(3001),
    ]) {
      expect(() => parseAuditResultsMetadata(forged)).toThrow();
    }
  });

  it('accepts only a base64url cursor', () => {
    expect(parseCursorValue('eyJieSI6InRpbWUifQ')).toBe('eyJieSI6InRpbWUifQ');
    for (const bad of ['', 'a b', 'a'.repeat(2001), 42]) expect(() => parseCursorValue(bad)).toThrow();
  });

  it('reads the filter modal’s state, with Slack’s empty values', () => {
    const values = {
      [BlockId.auditIamUser]: { [ActionId.auditIamUser]: { type: 'plain_text_input', value: null } },
      [BlockId.auditMember]: { [ActionId.auditMember]: { type: 'users_select', selected_user: 'U0ERIN' } },
      [BlockId.auditRequestId]: { [ActionId.auditRequestId]: { type: 'plain_text_input', value: null } },
      [BlockId.auditDays]: { [ActionId.auditDays]: { type: 'plain_text_input', value: '14' } },
    };
    expect(readAuditFilterSubmission(values)).toEqual({
      subject: { kind: 'member', slackUserId: 'U0ERIN' },
      days: 14,
    });
    expect(() => readAuditFilterSubmission({})).toThrow(/malformed/);
  });
});
