import type {
  BlockAction,
  BlockElementAction,
  EnvelopedEvent,
  SlashCommand,
  ViewClosedAction,
  ViewOutput,
  ViewSubmitAction,
} from '@slack/bolt';
import type { AppHomeOpenedEvent } from '@slack/types';
import type { FakeSlack } from '../fake-slack/index.js';

/**
 * Builders of the payloads Slack sends an app, typed against Bolt's own payload types. Field sets follow
 * Slack's reference pages for slash commands, block_actions, view_submission, view_closed and the Events
 * API envelope. The few casts the driver needs (Bolt's types are stricter or looser than the wire) live
 * here and nowhere else.
 */

/** Who and where: what every payload says about the workspace and the acting user. */
export interface PayloadContext {
  team: { id: string; domain: string };
  appId: string;
  /** The deprecated verification token Slack still sends in `token`. */
  verificationToken: string;
  user: { id: string; name: string };
}

type Json = Record<string, unknown>;

/** What the fake says about its workspace and the member, as every payload carries it. */
export function payloadContext(slack: FakeSlack, userId: string): PayloadContext {
  return {
    team: { id: slack.identity.teamId, domain: slack.identity.teamDomain },
    appId: slack.identity.appId,
    verificationToken: 'fake-verification-token',
    user: { id: userId, name: slack.user(userId)?.name ?? userId.toLowerCase() },
  };
}

function actingUser(context: PayloadContext) {
  return {
    id: context.user.id,
    username: context.user.name,
    name: context.user.name,
    team_id: context.team.id,
  };
}

export function slashCommandPayload(
  context: PayloadContext,
  command: {
    command: string;
    text: string;
    channel: { id: string; name: string };
    triggerId: string;
    responseUrl: string;
  },
): SlashCommand {
  return {
    token: context.verificationToken,
    team_id: context.team.id,
    team_domain: context.team.domain,
    channel_id: command.channel.id,
    channel_name: command.channel.name,
    user_id: context.user.id,
    user_name: context.user.name,
    command: command.command,
    text: command.text,
    api_app_id: context.appId,
    is_enterprise_install: 'false',
    response_url: command.responseUrl,
    trigger_id: command.triggerId,
  };
}

/** A slash command travels form-encoded, one field per property. */
export function slashCommandForm(command: SlashCommand): string {
  const fields = Object.entries(command).filter(
    (field): field is [string, string] => typeof field[1] === 'string',
  );
  return new URLSearchParams(fields).toString();
}

/** The action object for a click on (or a choice in) an element the app put in a message or view. */
export function elementAction(
  found: { block: Json; element: Json },
  choice: { selectedOptions: Json[]; actionTs: string },
): BlockElementAction {
  const { block, element } = found;
  const action: Json = {
    type: element.type,
    action_id: element.action_id,
    block_id: block.block_id,
    action_ts: choice.actionTs,
  };
  switch (element.type) {
    case 'button':
      Object.assign(action, { text: element.text, value: element.value });
      break;
    case 'static_select':
    case 'overflow':
    case 'radio_buttons':
      action.selected_option = choice.selectedOptions[0] ?? null;
      break;
    case 'checkboxes':
      action.selected_options = choice.selectedOptions;
      break;
    default:
      throw new Error(`the driver cannot act on a ${String(element.type)} element yet`);
  }
  // Built from an element of the app's own blocks, so it has that element's action shape.
  return action as unknown as BlockElementAction;
}

export function messageBlockActionPayload(
  context: PayloadContext,
  action: {
    action: BlockElementAction;
    message: Json & { ts: string };
    channel: { id: string; name: string };
    isEphemeral: boolean;
    triggerId: string;
    responseUrl: string;
  },
): BlockAction {
  return {
    type: 'block_actions',
    user: actingUser(context),
    api_app_id: context.appId,
    token: context.verificationToken,
    container: {
      type: 'message',
      message_ts: action.message.ts,
      channel_id: action.channel.id,
      is_ephemeral: action.isEphemeral,
    },
    trigger_id: action.triggerId,
    team: context.team,
    is_enterprise_install: false,
    channel: action.channel,
    message: { ...action.message, type: 'message', ts: action.message.ts },
    state: { values: {} },
    response_url: action.responseUrl,
    actions: [action.action],
  };
}

/** A click inside a modal: Slack sends the whole view (with its state) and no response_url. */
export function viewBlockActionPayload(
  context: PayloadContext,
  action: { action: BlockElementAction; view: ViewOutput; triggerId: string },
): BlockAction {
  const payload: Omit<BlockAction, 'response_url'> = {
    type: 'block_actions',
    user: actingUser(context),
    api_app_id: context.appId,
    token: context.verificationToken,
    container: { type: 'view', view_id: action.view.id },
    trigger_id: action.triggerId,
    team: context.team,
    is_enterprise_install: false,
    view: action.view,
    state: action.view.state,
    actions: [action.action],
  };
  // Bolt's type makes response_url mandatory; Slack leaves it out for actions in modals.
  return payload as BlockAction;
}

export function viewSubmissionPayload(
  context: PayloadContext,
  submission: { view: ViewOutput; triggerId: string },
): ViewSubmitAction {
  return {
    type: 'view_submission',
    team: context.team,
    user: actingUser(context),
    api_app_id: context.appId,
    token: context.verificationToken,
    trigger_id: submission.triggerId,
    view: submission.view,
    response_urls: [],
    is_enterprise_install: false,
  };
}

export function viewClosedPayload(
  context: PayloadContext,
  closing: { view: ViewOutput; isCleared: boolean },
): ViewClosedAction {
  return {
    type: 'view_closed',
    team: context.team,
    user: actingUser(context),
    api_app_id: context.appId,
    token: context.verificationToken,
    view: closing.view,
    is_cleared: closing.isCleared,
    is_enterprise_install: false,
  };
}

export function appHomeOpenedPayload(
  context: PayloadContext,
  event: { botUserId: string; channel: string; tab: 'home' | 'messages'; view?: ViewOutput; eventTs: string },
): EnvelopedEvent<AppHomeOpenedEvent> {
  const homeOpened: AppHomeOpenedEvent = {
    type: 'app_home_opened',
    user: context.user.id,
    channel: event.channel,
    tab: event.tab,
    event_ts: event.eventTs,
    // The event echoes the published Home view, whose output shape Bolt types differently from a View.
    ...(event.view !== undefined && { view: event.view as unknown as AppHomeOpenedEvent['view'] }),
  };
  return {
    token: context.verificationToken,
    team_id: context.team.id,
    api_app_id: context.appId,
    event: homeOpened,
    type: 'event_callback',
    event_id: `Ev${event.eventTs.replace('.', '')}`,
    event_time: Math.floor(Number(event.eventTs)),
    authorizations: [
      {
        enterprise_id: null,
        team_id: context.team.id,
        user_id: event.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
  };
}
