import { isFault, ResetError, toResetError } from '../../domain/errors.js';
import { approversNamed, sameApprovals } from '../../domain/recorded-approvals.js';
import { type Approval, type ResetRequest, transition } from '../../domain/request.js';
import {
  differingFacts,
  factsOfCreation,
  factsOfRequest,
  withRecordedFacts,
} from '../../domain/request-facts.js';
import { resolveIamUser } from '../identity.js';
import { anchorOf, raiseAlarm, reportOutcome } from '../notify.js';
import type { IamUser } from '../ports.js';
import { assertRuleStands } from '../request-rule.js';
import { assertActiveMembers } from '../requester-checks.js';
import type { StepDeps } from '../service-deps.js';
import { allOrFirstFailure } from '../together.js';

/**
 * Right before the final approval changes anything, the request must still be what was asked for:
 * its REQUEST_CREATED event must be intact in the chain, the request item must agree with the facts
 * it recorded and list exactly the approvals its chained APPROVAL_RECORDED events record
 * (`recordedApprovals`), and the target member must still map to the recorded IAM user. A difference means
 * someone wrote the table behind the bot's back: the request closes as FAILED (REQUEST_TAMPERED,
 * with the recorded facts put back), the approvers are alerted, and nothing is changed in IAM.
 * Costs two consistent reads and the member's mapping (one IAM GetUser with static or e-mail
 * rules), read at the same time; a tampered record is what the approvers hear about first.
 */
export async function confirmAsRecorded(
  deps: StepDeps,
  request: ResetRequest,
  actor: string,
  recordedApprovals: readonly Approval[],
): Promise<void> {
  const mapping = currentMapping(deps, request);
  mapping.catch(() => undefined);
  const record = await deps.store.creationRecordOf(request.id);
  if (record.status === 'broken') {
    return failTampered(deps, {
      stored: request,
      restored: request,
      actor,
      facts: ['record'],
      problem: record.problem,
    });
  }
  const recorded = factsOfCreation(record.event);
  const restored = { ...withRecordedFacts(request, recorded), approvals: recordedApprovals };
  const stored = factsOfRequest(request);
  const differing: string[] = differingFacts(recorded, stored);
  const found = Object.fromEntries(
    differing.map((fact) => [fact, String(stored[fact as keyof typeof stored] ?? '')]),
  );
  const problems = differing.length > 0 ? [`the request item differs from event ${record.event.seq}`] : [];
  if (!sameApprovals(request.approvals, recordedApprovals)) {
    differing.push('approvals');
    found.approvals = approversNamed(request.approvals);
    problems.push(
      `its approvals (${found.approvals || 'none'}) are not the recorded ones (${approversNamed(recordedApprovals) || 'none'})`,
    );
  }
  if (differing.length > 0) {
    return failTampered(deps, {
      stored: request,
      restored,
      actor,
      facts: differing,
      problem: problems.join('; '),
      found,
    });
  }
  const user = await closedUnless(deps, { request, actor }, mapping);
  if (user.userName !== recorded.iamUserName) {
    return failTampered(deps, {
      stored: request,
      restored,
      actor,
      facts: ['mapping'],
      problem: `the member now maps to IAM user ${user.userName}`,
      found: { mapping: user.userName },
    });
  }
  // The rule too: the one the request was made under must still be the one its IAM user falls under.
  await closedUnless(deps, { request, actor }, () => assertRuleStands(deps, request, user));
}

/**
 * The target member's IAM user now, refused (MEMBER_DEACTIVATED) when the requester or the target
 * member has left Slack since: nobody resets the MFA of, or for, someone who has left.
 */
async function currentMapping(deps: StepDeps, request: ResetRequest): Promise<IamUser> {
  const [, user] = await allOrFirstFailure([
    assertActiveMembers(deps, [request.requesterSlackId, request.target.slackUserId]),
    // The user the request is for, while the rules still give it (a member may have one per account).
    resolveIamUser({ ...deps, ...deps.rules }, request.target.slackUserId, request.target.iamUserName),
  ]);
  return user;
}

/**
 * The value of `check` (a promise, or a function giving one); a refusal from it (a departed
 * member, an unmapped or protected user, a rule that changed) closes the request as FAILED with
 * that code.
 */
async function closedUnless<T>(
  deps: StepDeps,
  input: { request: ResetRequest; actor: string },
  check: Promise<T> | (() => Promise<T>),
): Promise<T> {
  const { request, actor } = input;
  try {
    return await (typeof check === 'function' ? check() : check);
  } catch (error) {
    const coded = toResetError(error);
    // A failed look-up (AWS, the store, a misconfigured mapping) is not an answer about the member:
    // the request stays open for another try.
    if (isFault(coded.code)) throw error;
    const failed = transition(request, 'FAILED', deps.clock.now(), { failureCode: coded.code });
    const written = await deps.store.updateRequest(request, failed, [
      deps.events.requestFinished(failed, actor),
    ]);
    await reportOutcome(deps, failed, written);
    throw new ResetError(coded.code, coded.message, {
      details: { ...coded.details, requestId: request.id },
      cause: error,
    });
  }
}

async function failTampered(
  deps: StepDeps,
  input: {
    stored: ResetRequest;
    restored: ResetRequest;
    actor: string;
    facts: readonly string[];
    problem: string;
    /** What the stored item said instead, per fact. */
    found?: Record<string, string>;
  },
): Promise<never> {
  const { stored, restored, actor, facts, problem } = input;
  // Closed as it was made: the IAM user whose lock it holds is freed, not the one written in.
  const failed = transition(restored, 'FAILED', deps.clock.now(), { failureCode: 'REQUEST_TAMPERED' });
  const written = await deps.store.updateRequest(stored, failed, [
    deps.events.requestTampered(restored, {
      actor,
      facts,
      problem,
      ...(input.found === undefined ? {} : { found: input.found }),
    }),
    deps.events.requestFinished(failed, actor),
  ]);
  deps.logger.error({ requestId: stored.id, facts, problem }, 'request tampered with; closed as failed');
  const anchor = anchorOf(written);
  await Promise.all([
    reportOutcome(deps, failed, written),
    raiseAlarm(deps, failed, {
      kind: 'request-tampered',
      request: failed,
      facts,
      ...(anchor === undefined ? {} : { anchor }),
    }),
  ]);
  throw new ResetError('REQUEST_TAMPERED', `Request ${stored.id} was changed outside the bot: ${problem}.`, {
    details: { requestId: stored.id, facts: facts.join(',') },
  });
}
