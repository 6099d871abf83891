import {
  type AppliedRule,
  DEFAULT_RULE_NAME,
  type VerificationMethod,
  verificationMethods,
  verificationMethodText,
} from '../../domain/approval-rules.js';
import type { ResetRequest } from '../../domain/request.js';
import { ActionId, BlockId } from '../ids.js';
import { section } from './blocks.js';
import { BlockKitLimits, escapeMrkdwn, mention, plainText, slackDate } from './text.js';

/**
 * Which approval rule a request is under and why, and what it needs beyond the approvals: said on
 * the approval message and in the approve modal. Nothing for a request under the global settings
 * alone (no rule matched, nothing beyond approvals), so deployments without rules look as before.
 */
export function ruleLine(request: ResetRequest, now: Date): string | undefined {
  const rule = request.rule;
  if (rule === undefined || !saysMoreThanDefault(rule)) return undefined;
  const needs = [`${rule.settings.minApprovals} approval${rule.settings.minApprovals === 1 ? '' : 's'}`];
  if (rule.settings.verification === 'attest') needs.push('each approver says how they verified the person');
  if (rule.settings.verification === 'confirm') needs.push('a confirmation that the person asked, first');
  if (rule.settings.waitMinutes > 0) needs.push(`a waiting period of ${rule.settings.waitMinutes} min`);
  const why = rule.why.length === 0 ? '' : ` (${escapeMrkdwn(rule.why.join(', '), 300)})`;
  const lines = [`:scroll: *Approval rule \`${escapeMrkdwn(rule.name, 64)}\`*${why}: ${needs.join(', ')}.`];
  const confirmation = confirmationLine(request);
  if (confirmation !== undefined) lines.push(confirmation);
  const opensAt = request.opensAt;
  if (request.state === 'PENDING' && opensAt !== undefined && now.getTime() < Date.parse(opensAt)) {
    lines.push(
      `:lock: Approval opens ${slackDate(opensAt)}: until then the person it is for can cancel it from their DM.`,
    );
  }
  return lines.join('\n');
}

/** Under `verification: confirm`: who confirmed, or who is asked to. */
function confirmationLine(request: ResetRequest): string | undefined {
  const settings = request.rule?.settings;
  if (settings?.verification !== 'confirm') return undefined;
  if (request.confirmation !== undefined) {
    return `:white_check_mark: Confirmed by ${mention(request.confirmation.by)} ${slackDate(request.confirmation.at)}.`;
  }
  if (request.state !== 'PENDING') return undefined;
  const confirmers = settings.confirmers;
  const who = [
    ...(confirmers?.tag === undefined
      ? []
      : [`the member named by the IAM user's \`${escapeMrkdwn(confirmers.tag, 128)}\` tag`]),
    ...(confirmers?.users ?? []).map(mention),
    ...(confirmers?.userGroups ?? []).map((group) => `<!subteam^${group}>`),
  ];
  return `:lock: Waiting for a confirmation that the person asked (${who.join(', ') || 'the confirmers'}): approvals open after it.`;
}

function saysMoreThanDefault(rule: AppliedRule): boolean {
  return (
    rule.name !== DEFAULT_RULE_NAME || rule.settings.verification !== 'none' || rule.settings.waitMinutes > 0
  );
}

/** The approve modal's questions for a rule with `verification: attest`: how, from a fixed list, and a note. */
export function attestationBlocks() {
  return [
    section(
      '*This approval rule needs you to verify the person.* Before you approve, make sure the person ' +
        'asking is who they claim to be, through a channel an attacker holding their Slack account would not control.',
    ),
    {
      type: 'input' as const,
      block_id: BlockId.attestation,
      label: plainText('How did you verify them?', BlockKitLimits.inputLabel),
      element: {
        type: 'static_select' as const,
        action_id: ActionId.attestationMethod,
        placeholder: plainText('Choose how', BlockKitLimits.placeholder),
        options: verificationMethods.map((method: VerificationMethod) => ({
          text: plainText(verificationMethodText[method], BlockKitLimits.optionText),
          value: method,
        })),
      },
    },
    {
      type: 'input' as const,
      block_id: BlockId.attestationNote,
      label: plainText('What you did', BlockKitLimits.inputLabel),
      hint: plainText(
        'E.g. "Video call at 14:05, matched their face to the HR photo". Recorded in the audit trail.',
        BlockKitLimits.inputHint,
      ),
      element: {
        type: 'plain_text_input' as const,
        action_id: ActionId.attestationNote,
        min_length: 10,
        max_length: 500,
      },
    },
  ];
}
