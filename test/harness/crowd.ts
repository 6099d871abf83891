import { parse, stringify } from 'yaml';
import type { FakeSlack } from '../../sandbox/fake-slack/index.js';
import type { BotUser, EmulatorState } from '../../sandbox/iam-sts-emulator/index.js';

/**
 * Many people at once, for bursts, beside the cast (sandbox/cast.ts): `members` who each have
 * an IAM user with one virtual MFA device (mapped by e-mail, `<iamUser>@example.com`), and up to
 * six more `approvers` (the bot's IAM user holds at most 8 MFA devices, erin's and frank's
 * included), each approving by user ID with a device of their own on the bot's user.
 */
export interface CrowdPerson {
  readonly slackId: string;
  readonly iamUser: string;
  readonly email: string;
}

export interface Crowd {
  readonly members: readonly CrowdPerson[];
  readonly approvers: readonly CrowdPerson[];
}

/** A crowd approver's device on the bot's IAM user. */
export interface CrowdDevice {
  readonly approver: string;
  readonly serial: string;
}

export function crowdOf(size: { members: number; approvers?: number }): Crowd {
  const approvers = size.approvers ?? 0;
  if (approvers > 6) throw new Error('the bot’s IAM user holds 8 MFA devices: at most 6 approvers more');
  const person = (prefix: string, n: number): CrowdPerson => {
    const id = `${prefix}${String(n).padStart(3, '0')}`;
    return { slackId: `U0${id.toUpperCase()}`, iamUser: id, email: `${id}@example.com` };
  };
  return {
    members: Array.from({ length: size.members }, (_, i) => person('member', i + 1)),
    approvers: Array.from({ length: approvers }, (_, i) => person('approver', i + 1)),
  };
}

/** Puts the crowd into the emulated account: members' users and devices, approvers' bot devices. */
export function addCrowdToAws(state: EmulatorState, crowd: Crowd, botUser: BotUser): CrowdDevice[] {
  for (const member of crowd.members) {
    state.addUser({ userName: member.iamUser });
    state.addVirtualDevice({ userName: member.iamUser, name: `${member.iamUser}-phone` });
  }
  return crowd.approvers.map((approver) => ({
    approver: approver.slackId,
    serial: state.addVirtualDevice({ userName: botUser.userName, name: `mfa-reset-bot-${approver.iamUser}` })
      .serial,
  }));
}

/** Puts the crowd into the Slack workspace. */
export function addCrowdToSlack(slack: FakeSlack, crowd: Crowd): void {
  for (const person of [...crowd.approvers, ...crowd.members]) {
    slack.addUser({ id: person.slackId, name: person.iamUser, email: person.email });
  }
}

/** The cast's policy with the crowd's approvers added (by user ID, each with their device). */
export function withCrowdApprovers(policyYaml: string, devices: readonly CrowdDevice[]): string {
  const policy = parse(policyYaml) as { approvers: { users: string[]; mfaDevices: Record<string, string> } };
  for (const device of devices) {
    policy.approvers.users.push(device.approver);
    policy.approvers.mfaDevices[device.approver] = device.serial;
  }
  return stringify(policy);
}

/** Runs `work` over `items`, at most `limit` at a time (a crowd posts and opens in waves, as people do). */
export async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!, i);
      }
    }),
  );
  return results;
}
