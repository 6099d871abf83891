/** The cast of the unit tests: Slack members, IAM users and MFA serials, named for their role. */

/** The requester, mapped statically to the IAM user `alice`. */
export const ALICE = 'U0ALICE';
/** An approver with their own virtual device on the bot's IAM user. */
export const APPROVER = 'U0APPROVER';
/** An approver listed by ID without a device of their own: uses `botMfaSerial`. */
export const BOB = 'U0BOB';
/** An approver only through the user group `SECURITY_GROUP`. */
export const GRACE = 'U0GRACE';
/** A member who is not an approver. */
export const MALLORY = 'U0MALLORY';
/** Two more requesters, mapped statically to the IAM users `dora` and `oscar` (one virtual device each). */
export const DORA = 'U0DORA';
export const OSCAR = 'U0OSCAR';

export const SECURITY_GROUP = 'S0SECURITY';
export const APPROVAL_CHANNEL = 'C0APPROVALS';

export const BOT_USER_NAME = 'mfa-reset-bot';
export const APPROVER_SERIAL = 'arn:aws:iam::123456789012:mfa/mfa-reset-bot-U0APPROVER';
export const BOT_SERIAL = 'arn:aws:iam::123456789012:mfa/mfa-reset-bot';

export const ALICE_VIRTUAL = 'arn:aws:iam::123456789012:mfa/alice-phone';
export const ALICE_HARDWARE = 'GAHT12345678';
export const ALICE_FIDO = 'arn:aws:iam::123456789012:u2f/user/alice/yubikey-ABCDEFGHIJ';

/** Never accepted by `FakeSts`: the codes it hands out come from another range. */
export const WRONG_CODE = '999999';
