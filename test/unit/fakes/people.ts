import { APPROVALS_CHANNEL, people, SECURITY_GROUP } from '../../../sandbox/people.js';

/**
 * The people of the unit tests, taken from the one cast (sandbox/people.ts) so that a name means the
 * same person with the same role in every test; then the IAM users' MFA serials the in-memory fakes
 * hold, as constants.
 */

/** Requester, mapped statically to the IAM user `alice`, who has a virtual and a hardware device. */
export const ALICE = people.alice.slackId;
/** Approver by ID with her own virtual device on the bot's IAM user (`ERIN_SERIAL`). */
export const ERIN = people.erin.slackId;
/** Erin's second Slack account, which her IAM user names in its `slack-user-id` tag. */
export const ERIN_ALT = people.erinAlt.slackId;
/** Approver by ID without a device of his own: signs with the bot's shared device (`BOT_SERIAL`). */
export const SAM = people.sam.slackId;
/**
 * Approver only through the user group `SECURITY_GROUP`. The unit rules give him no device of his
 * own, so that one group approver signs with the shared device too.
 */
export const FRANK = people.frank.slackId;
/** A member who is not an approver. */
export const MALLORY = people.mallory.slackId;
/** Two more requesters, mapped statically to the IAM users `bob` and `fiona` (one virtual device each). */
export const BOB = people.bob.slackId;
export const FIONA = people.fiona.slackId;
/** Mapped statically to the protected admin `admin-oscar`: never reset. */
export const OSCAR = people.oscar.slackId;

export { APPROVALS_CHANNEL, SECURITY_GROUP };

export const BOT_USER_NAME = 'mfa-reset-bot';
export const ERIN_SERIAL = `arn:aws:iam::123456789012:mfa/mfa-reset-bot-${ERIN}`;
export const BOT_SERIAL = 'arn:aws:iam::123456789012:mfa/mfa-reset-bot';

export const ALICE_VIRTUAL = 'arn:aws:iam::123456789012:mfa/alice-phone';
export const ALICE_HARDWARE = 'GAHT12345678';
export const ALICE_FIDO = 'arn:aws:iam::123456789012:u2f/user/alice/yubikey-ABCDEFGHIJ';

/** Never accepted by `FakeSts`: the codes it hands out come from another range. */
export const WRONG_CODE = '999999';
