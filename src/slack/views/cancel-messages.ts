import type { KnownBlock } from '@slack/types';
import type { ResetRequest } from '../../domain/request.js';
import { type SlackMessage, section } from './blocks.js';
import { cancelButton } from './cancel-button.js';
import { escapeMrkdwn } from './text.js';

/** What the member who cancelled a request is told. */
export function cancelledText(request: ResetRequest): string {
  return `:heavy_multiplication_x: You cancelled the MFA reset request for IAM user \`${escapeMrkdwn(request.target.iamUserName, 200)}\`. Nothing was changed.`;
}

/**
 * `/mfa-reset cancel` for a member with several pending requests (a help-desk member's): one line
 * per request with its own Cancel button, at most `limit` of them.
 */
export function cancelChoiceMessage(requests: readonly ResetRequest[], limit: number): SlackMessage {
  const text = `You have ${requests.length} pending requests. Choose the one to cancel:`;
  const choices = requests
    .slice(0, limit)
    .flatMap((request): KnownBlock[] => [
      section(
        `IAM user \`${escapeMrkdwn(request.target.iamUserName, 200)}\` · request \`${escapeMrkdwn(request.id, 130)}\``,
      ),
      cancelButton(request.id),
    ]);
  return { text, blocks: [section(text), ...choices] };
}
