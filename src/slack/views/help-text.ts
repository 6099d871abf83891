import { slashCommand } from '../ids.js';

/** The ephemeral reply to `/mfa-reset help` (and to arguments the command does not know). */
export function helpText(): string {
  return [
    '*MFA reset*: get the MFA devices of your own AWS IAM user reset when you can no longer use them.',
    `• \`${slashCommand}\`: request a reset of your own MFA. Pick the devices, say why, and the request goes to the approvers.`,
    `• \`${slashCommand} status\`: see your requests (made by you or for you): state, age and outcome.`,
    `• \`${slashCommand} cancel\`: cancel your pending request (the Cancel button in the bot’s direct message does the same).`,
    `• \`${slashCommand} @member\`: help-desk members request a reset for someone else; that member is told and can cancel it.`,
    `• \`${slashCommand} audit [IAM user | @member | request ID] [days]\`: auditors review the audit trail (without arguments: a form with filters).`,
    `• \`${slashCommand} help\`: show this help.`,
    'Approvals are MFA-verified: an approver confirms with the current code of the bot’s MFA device, and AWS checks that code before anything changes, so a Slack account alone cannot reset anyone’s MFA.',
    'You get a direct message when your request is decided. After a reset, sign in with your password and enrol a new MFA device.',
  ].join('\n');
}
