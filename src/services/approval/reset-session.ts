import { parseIamUserRef, resetSessionName, unlistedAccountError } from '../../domain/accounts.js';
import { toResetError } from '../../domain/errors.js';
import type { RecordedRoleSession } from '../../domain/member-trail.js';
import type { ResetRequest } from '../../domain/request.js';
import type { TemporaryCredentials } from '../ports.js';
import type { StepDeps } from '../service-deps.js';

/** The credentials a reset changes IAM with, and what CloudTrail will name its calls by. */
export interface ResetSession {
  readonly credentials: TemporaryCredentials;
  /** The STS session of the approver's code (GetSessionToken). */
  readonly sessionKeyId: string;
  /** In a member account: the account, and the reset role's session that makes the changes there. */
  readonly role?: RecordedRoleSession;
}

/**
 * In the bot's account, the MFA session itself. In a member account, the reset role assumed with
 * that session (its MFA context is what the role's trust requires), under a session name that
 * carries the request ID so that CloudTrail there names the request. A refusal (trust, external
 * ID, missing role, SCP) is audited as a failed step-up and thrown before anything is written to
 * the request: it stays pending, nothing has changed, and the approver is told what to fix.
 */
export async function resetSessionFor(
  deps: StepDeps,
  input: {
    readonly request: ResetRequest;
    readonly session: TemporaryCredentials;
    readonly approver: {
      readonly approverSlackId: string;
      readonly mfaSerial: string;
      readonly submission: string;
    };
  },
): Promise<ResetSession> {
  const { request, session } = input;
  const accountId = parseIamUserRef(request.target.iamUserName)?.accountId;
  if (accountId === undefined) return { credentials: session, sessionKeyId: session.accessKeyId };
  const account = deps.rules.accounts.find((listed) => listed.id === accountId);
  const sessionName = resetSessionName(request.id);
  try {
    if (account === undefined) throw unlistedAccountError(request.target.iamUserName, accountId);
    const credentials = await deps.sts.assumeResetRole({ session, account, sessionName });
    return {
      credentials,
      sessionKeyId: session.accessKeyId,
      role: { accountId, sessionName, keyId: credentials.accessKeyId },
    };
  } catch (error) {
    const coded = toResetError(error);
    deps.logger.error({ requestId: request.id, accountId, code: coded.code }, 'the reset role was refused');
    await deps.store
      .appendAudit([deps.events.stepUpFailed(request, { ...input.approver, code: coded.code })])
      .catch((auditError: unknown) =>
        deps.logger.error({ requestId: request.id, err: auditError }, 'could not audit the refused role'),
      );
    throw coded;
  }
}
