import { assertNotAlreadyApprovedBy, normaliseTokenCode } from '../../domain/authorisation.js';
import { ResetError } from '../../domain/errors.js';
import { countedApprovers, type ResetRequest } from '../../domain/request.js';
import { approverMfaSerial, approverRoster } from '../approvers.js';
import type { DecisionChecks } from '../decisions.js';
import { type CodeCheck, createCodeCheck } from './code-check.js';
import type { ApprovalStepDeps } from './deps.js';

export interface ApprovalInput {
  readonly requestId: string;
  readonly approverSlackId: string;
  readonly tokenCode: string;
}

/** An approval, once it has been checked and before anything is changed: what it will do and with what. */
export interface ProposedApproval {
  readonly request: ResetRequest;
  readonly approverSlackId: string;
  readonly serial: string;
  readonly check: CodeCheck;
  /** Distinct approvers, this one included, who are approvers now (Slack read afresh). */
  readonly counted: number;
}

/**
 * Every check of an approval that changes nothing: the code's form, the request still open and the
 * member allowed to decide, not an approval they already gave, the device whose code they read,
 * the request's IAM user not protected now; and how many approvers it counts with this one.
 */
export async function propose(
  deps: ApprovalStepDeps,
  decisions: DecisionChecks,
  input: ApprovalInput,
): Promise<ProposedApproval> {
  const code = normaliseTokenCode(input.tokenCode);
  if (code === undefined) throw new ResetError('TOKEN_CODE_FORMAT', 'The code must be 6 digits.');
  const { approverSlackId } = input;
  const request = await decisions.openDecision(input.requestId, approverSlackId);
  const serial = await decisions.auditedRefusal(request, approverSlackId, () => {
    assertNotAlreadyApprovedBy(request, approverSlackId);
    return approverMfaSerial(deps.rules, approverSlackId);
  });
  await decisions.refuseIfProtectedNow(request, approverSlackId);
  return {
    request,
    approverSlackId,
    serial,
    check: createCodeCheck(deps, { request, approverSlackId, serial, code }),
    counted: await countedWith(deps, request, approverSlackId),
  };
}

/**
 * Approvals recorded earlier count only if their approvers are approvers now: someone removed
 * from the approvers since cannot help reach `minApprovals`.
 */
async function countedWith(
  deps: ApprovalStepDeps,
  request: ResetRequest,
  approverSlackId: string,
): Promise<number> {
  if (request.approvals.length === 0) return 1;
  const roster = approverRoster(deps, 'decision');
  const still = new Set<string>();
  for (const approval of request.approvals) {
    if (await roster.isApprover(approval.slackUserId)) still.add(approval.slackUserId);
  }
  return countedApprovers([...request.approvals, { slackUserId: approverSlackId, at: '' }], (id) =>
    id === approverSlackId ? true : still.has(id),
  ).size;
}
