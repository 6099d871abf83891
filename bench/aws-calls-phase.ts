import { RISK_FACTS_APP_ID } from '../src/aws/risk-facts.js';
import { giveAliceDevices, openApprovalModal, requestReset, submitApproval } from './flows.js';
import { sleep } from './stats.js';
import type { BenchWorld } from './world.js';

/**
 * 5. AWS calls per reset, counted exactly from the emulator's call log: everything the bot asks
 * IAM/STS from `/mfa-reset` to the approved reset being done. The budget allows 1 ListMFADevices,
 * 1 GetSessionToken, one DeactivateMFADevice per device and one DeleteVirtualMFADevice per virtual
 * device, nothing more; the GetUser calls of the identity mapping are counted apart as "identity",
 * at most two: one when the form opens (the requester's IAM user exists), one when the final
 * approval maps the member again before any change (a stored request cannot be retargeted).
 * The reads of the approvers' risk facts at submission (their own client, told apart by its
 * User-Agent) are counted apart as "risk facts": for a user in no group, one each of
 * `RISK_FACT_READS`, exactly.
 */

/** The risk facts' reads for a user in no group and without inline policies: one of each. */
export const RISK_FACT_READS = [
  'GetLoginProfile',
  'GetUser',
  'ListAccessKeys',
  'ListGroupsForUser',
  'ListAttachedUserPolicies',
  'ListUserPolicies',
] as const;

/** Identity look-ups per reset: the form, and the final approval's re-mapping. */
export const MAX_IDENTITY_CALLS = 2;

type DeviceKind = 'virtual' | 'hardware' | 'fido';

export interface ResetCallCount {
  readonly label: string;
  /** The request that was reset, for the audit queries. */
  readonly requestId: string;
  readonly kinds: readonly DeviceKind[];
  /** Calls per action, failed ones included. */
  readonly calls: Readonly<Record<string, number>>;
  readonly expected: Readonly<Record<string, number>>;
  /** GetUser calls (identity), outside the budget's list. */
  readonly identity: number;
  /** The risk facts' reads at submission, counted apart from the reset's calls. */
  readonly riskFacts: number;
  /** What differs from the budget: `Action: got N, budget M`. Empty when exact. */
  readonly excess: readonly string[];
}

export const BUDGETED_ACTIONS = [
  'ListMFADevices',
  'GetSessionToken',
  'DeactivateMFADevice',
  'DeleteVirtualMFADevice',
] as const;

/**
 * The bot reads its own user's devices once as it starts, when approver devices are configured (to
 * warn of one that is not there). That call is not part of a reset: the count starts after it.
 */
async function startupCheckDone(world: BenchWorld): Promise<void> {
  const deadline = Date.now() + 5_000;
  const done = () => world.aws.state.callsTo('ListMFADevices').some((call) => call.status !== 'pending');
  while (!done() && Date.now() < deadline) await sleep(20);
}

async function countOneReset(world: BenchWorld, kinds: readonly DeviceKind[]): Promise<ResetCallCount> {
  world.aws.state.clearCalls();
  const bot = await world.startBot();
  try {
    await startupCheckDone(world);
    giveAliceDevices(world, kinds);
    world.aws.state.clearCalls();
    const { requestId, messageTs } = await requestReset(world, bot);
    const viewId = await openApprovalModal(world, bot, messageTs);
    await submitApproval(world, bot, viewId);
    const calls: Record<string, number> = {};
    const riskReads: Record<string, number> = {};
    for (const call of world.aws.state.calls) {
      const counted = call.userAgent?.includes(`app/${RISK_FACTS_APP_ID}`) ? riskReads : calls;
      counted[call.action] = (counted[call.action] ?? 0) + 1;
    }
    const expected: Record<string, number> = {
      ListMFADevices: 1,
      GetSessionToken: 1,
      DeactivateMFADevice: kinds.length,
      DeleteVirtualMFADevice: kinds.filter((kind) => kind === 'virtual').length,
    };
    const identity = calls.GetUser ?? 0;
    const excess: string[] = [];
    for (const [action, count] of Object.entries(calls)) {
      if (action === 'GetUser') continue;
      const allowed = expected[action] ?? 0;
      if (count !== allowed) excess.push(`${action}: ${count}, budget ${allowed}`);
    }
    for (const [action, allowed] of Object.entries(expected)) {
      if (calls[action] === undefined && allowed > 0) excess.push(`${action}: 0, budget ${allowed}`);
    }
    for (const action of new Set([...RISK_FACT_READS, ...Object.keys(riskReads)])) {
      const allowed = (RISK_FACT_READS as readonly string[]).includes(action) ? 1 : 0;
      const got = riskReads[action] ?? 0;
      if (got !== allowed) excess.push(`${action} (risk facts): ${got}, budget ${allowed}`);
    }
    if (identity > MAX_IDENTITY_CALLS) {
      excess.push(`GetUser (identity): ${identity}, at most ${MAX_IDENTITY_CALLS}`);
    }
    return {
      requestId,
      label: `${kinds.length} device${kinds.length === 1 ? '' : 's'} (${kinds.join(' + ')})`,
      kinds,
      calls,
      expected,
      identity,
      riskFacts: Object.values(riskReads).reduce((sum, count) => sum + count, 0),
      excess,
    };
  } finally {
    await bot.stop();
  }
}

export async function runAwsCallsPhase(world: BenchWorld): Promise<ResetCallCount[]> {
  const rows: ResetCallCount[] = [];
  for (const kinds of [['virtual'], ['virtual', 'hardware'], ['virtual', 'hardware', 'fido']] as const) {
    rows.push(await countOneReset(world, kinds));
  }
  return rows;
}
