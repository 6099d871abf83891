import type { Attestation, RuleSettings } from '../../domain/approval-rules.js';
import { assertNotAlreadyApprovedBy, normaliseTokenCode } from '../../domain/authorisation.js';
import { ResetError } from '../../domain/errors.js';
import { approvalsOfEvents, confirmationOfEvents, sameApprovals } from '../../domain/recorded-approvals.js';
import { type Approval, countedApprovers, type ResetRequest } from '../../domain/request.js';
import { type ApproverList, approverMfaSerial, approverRoster } from '../approvers.js';
import type { DecisionChecks } from '../decisions.js';
import { settingsOf } from '../request-rule.js';
import { allOrFirstFailure } from '../together.js';
import { type CodeCheck, createCodeCheck } from './code-check.js';
import type { ApprovalStepDeps } from './deps.js';
import { confirmAsRecorded } from './request-record.js';

export interface ApprovalInput {
  readonly requestId: string;
  readonly approverSlackId: string;
  readonly tokenCode: string;
  /** How the approver verified the person: required by a rule with `verification: attest`. */
  readonly attestation?: Attestation;
}

/** An approval, once it has been checked and before anything is changed: what it will do and with what. */
export interface ProposedApproval {
  readonly request: ResetRequest;
  readonly approverSlackId: string;
  readonly serial: string;
  readonly check: CodeCheck;
  /** The approvals given before this one, as the request's chained events record them. */
  readonly approvals: readonly Approval[];
  /** Distinct approvers, this one included, who are approvers now (Slack read afresh). */
  readonly counted: number;
  /** How many the request's rule needs. */
  readonly minApprovals: number;
  readonly attestation?: Attestation | undefined;
}

/**
 * Every check of an approval that changes nothing: the code's form, the request still open and the
 * member allowed to decide, the approvals it lists the ones its chain records (a request item that
 * says otherwise is closed as REQUEST_TAMPERED, before any code goes to STS), not an approval they already gave, the device whose code they read,
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
  const request = await decisions.load(input.requestId);
  await decisions.assertStillOpen(request);
  // The approvals that count are the chain's, read while the member's right to decide is checked
  // (a refusal comes first). An item that lists others is closed as tampered; if it only moved on
  // since it was read (another approval landed), that close, conditioned on the version read, fails
  // as REQUEST_ALREADY_HANDLED instead.
  const [, recorded] = await allOrFirstFailure([
    decisions.assertMayAct(request, approverSlackId),
    deps.store.recordedApprovalsOf(request.id, request.approvals.length),
  ]);
  const settings = settingsOf(request, deps.rules);
  await decisions.assertApprovalsOpen(request, approverSlackId);
  // Under `verification: confirm`, approvals open with a confirmation the chain records.
  if (settings.verification === 'confirm' && confirmationOfEvents(recorded) === undefined) {
    await decisions.auditedRefusal(request, approverSlackId, () => {
      throw new ResetError('CONFIRMATION_REQUIRED', `Request ${request.id} has not been confirmed.`, {
        details: { requestId: request.id },
      });
    });
  }
  // Only approvals given once approvals opened count: one recorded earlier got in by editing the table.
  const approvals = approvalsOfEvents(recorded).filter(
    (approval) => request.opensAt === undefined || approval.at >= request.opensAt,
  );
  if (!sameApprovals(request.approvals, approvals)) {
    await confirmAsRecorded(deps, request, approverSlackId, approvals);
  }
  const serial = await decisions.auditedRefusal(request, approverSlackId, () => {
    assertNotAlreadyApprovedBy(request, approverSlackId);
    assertAttested(settings, input.attestation);
    return approverMfaSerial(deps.rules, approverSlackId);
  });
  await decisions.refuseIfProtectedNow(request, approverSlackId);
  return {
    request,
    approverSlackId,
    serial,
    check: createCodeCheck(deps, { request, approverSlackId, serial, code }),
    approvals,
    counted: await countedWith(deps, { approvals, approverSlackId, approvers: settings.approvers }),
    minApprovals: settings.minApprovals,
    attestation: input.attestation,
  };
}

/** Refuses (VERIFICATION_REQUIRED) an approval without an attestation when the rule asks for one. */
function assertAttested(settings: RuleSettings, attestation: Attestation | undefined): void {
  if (settings.verification !== 'attest' || attestation !== undefined) return;
  throw new ResetError(
    'VERIFICATION_REQUIRED',
    'This approval rule needs the approver to say how they verified the person.',
    {
      details: { problem: 'missing' },
    },
  );
}

/**
 * Approvals recorded earlier (in the chain) count only if their approvers are approvers now:
 * someone removed from the approvers since cannot help reach `minApprovals`.
 */
async function countedWith(
  deps: ApprovalStepDeps,
  input: { approvals: readonly Approval[]; approverSlackId: string; approvers: ApproverList },
): Promise<number> {
  const { approvals, approverSlackId } = input;
  if (approvals.length === 0) return 1;
  const roster = approverRoster(deps, 'decision', input.approvers);
  const still = new Set<string>();
  for (const approval of approvals) {
    if (await roster.isApprover(approval.slackUserId)) still.add(approval.slackUserId);
  }
  return countedApprovers([...approvals, { slackUserId: approverSlackId, at: '' }], (id) =>
    id === approverSlackId ? true : still.has(id),
  ).size;
}
