import { approverNames, people } from '../cast.js';
import { type BotUser, codeFor, type IamStsEmulator, STEP_SECONDS } from '../iam-sts-emulator/index.js';

/**
 * The AWS side as the page shows it: each approver's authenticator (the current code of their
 * device on the bot's IAM user, and when it changes), and the IAM users with their MFA devices.
 * These codes are the demo's whole point; nothing here is logged.
 */
export interface AuthenticatorEntry {
  readonly approver: { readonly slackId: string; readonly name: string };
  readonly serial: string;
  readonly code: string;
  /** When this code stops being the current one, on the emulator's clock (ms since the epoch). */
  readonly validUntil: number;
  /** AWS accepts a code once: this one was already used for an approval. */
  readonly used: boolean;
}

export function authenticators(aws: IamStsEmulator, botUser: BotUser): AuthenticatorEntry[] {
  const now = aws.state.clock.now();
  const stepMs = STEP_SECONDS * 1000;
  const validUntil = (Math.floor(now / stepMs) + 1) * stepMs;
  return approverNames.flatMap((name) => {
    const person = people[name];
    const device = botUser.devices.find((candidate) => candidate.approver === person.slackId);
    if (device === undefined) return [];
    return [
      {
        approver: { slackId: person.slackId, name },
        serial: device.serial,
        code: codeFor(device.seed, 0, now),
        validUntil,
        used: aws.state.stepUsed(device.serial, now),
      },
    ];
  });
}

export function iamAccount(aws: IamStsEmulator) {
  return aws.state.allUsers().map((user) => ({
    userName: user.userName,
    tags: Object.fromEntries(user.tags.map((tag) => [tag.Key, tag.Value])),
    devices: aws.state.devicesOf(user.userName).map(({ serial, kind }) => ({ serial, kind })),
  }));
}
