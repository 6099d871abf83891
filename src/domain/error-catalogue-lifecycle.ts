import { cliCommand } from './cli-command.js';
import type { CatalogueEntry } from './error-catalogue.js';

/**
 * The codes of a request's life around the decision (cancel, help desk, members who left) and of
 * the approvers' devices managed by command; part of the catalogue in error-catalogue.ts.
 */
export const lifecycleCatalogue = {
  NOT_YOUR_REQUEST: {
    kind: 'refusal',
    what: 'Only the member who asked for this reset, or the member whose MFA it resets, can cancel it.',
    next: 'Ask one of them to cancel it; an approver can deny it instead.',
  },
  NO_OPEN_REQUEST: {
    kind: 'refusal',
    what: 'You have no pending MFA reset request to cancel.',
    next: 'Run /mfa-reset status to see your requests and how they ended.',
  },
  NOT_HELPDESK: {
    kind: 'refusal',
    refusesRequest: true,
    what: 'Only help-desk members can request an MFA reset for someone else.',
    next: 'Ask the member to run /mfa-reset themselves, or ask the team that runs the bot to add you to helpdesk.users or a helpdesk user group.',
  },
  MEMBER_DEACTIVATED: {
    kind: 'refusal',
    refusesRequest: true,
    what: 'That Slack account is deactivated: no MFA reset can be requested by it or for it.',
    next: 'Ask your AWS administrators to deal with the IAM user of a person who left (remove it, or reset it by hand).',
  },
  APPROVER_DEACTIVATED: {
    kind: 'refusal',
    what: 'This Slack account is deactivated, so it cannot decide on MFA resets.',
    next: 'Another approver has to handle this request.',
  },
  MFA_DEVICE_NAME_TAKEN: {
    kind: 'refusal',
    what: 'A virtual MFA device with that name already exists in the AWS account.',
    next: `Revoke the old device first (${cliCommand('approvers revoke')}), or choose another --name.`,
  },
  MFA_DEVICE_LIMIT: {
    kind: 'refusal',
    what: 'The bot’s IAM user already has 8 MFA devices, the most IAM allows for one user.',
    next: `Revoke the device of an approver who no longer needs one (${cliCommand('approvers revoke')}), then enrol again.`,
  },
} as const satisfies Record<string, CatalogueEntry>;
