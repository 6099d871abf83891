import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { describeDeviceKind, deviceRef, type MfaDevice } from '../../domain/devices.js';
import { ActionId, BlockId, CallbackId } from '../ids.js';
import { context, section } from './blocks.js';
import { deviceLabel, maxDevicesShown } from './devices.js';
import { errorModal } from './message-modal.js';
import { modal } from './modal.js';
import { BlockKitLimits, escapeMrkdwn, mention, plainText, reasonMaxLength, truncateMiddle } from './text.js';

export interface RequestModalInput {
  readonly iamUserName: string;
  readonly devices: readonly MfaDevice[];
  /** `requests.reasonMinLength`: Slack enforces it in the form, the parser again on submit. */
  readonly reasonMinLength: number;
  /** The member a help-desk request is for; undefined when the requester asks for themselves. */
  readonly targetSlackId?: string;
}

/** What the request modal carries between opening and submission: only what it is about. */
export interface RequestModalMetadata {
  readonly iamUserName: string;
  /** A help-desk request's member; the service checks again that the submitter may ask for them. */
  readonly targetSlackId?: string;
}

/**
 * The value a device's checkbox submits. The serial itself whenever it fits Slack's 150-character
 * option value; a longer serial (IAM allows 256) is sent as `sha256:` and its digest, which whoever
 * holds the re-read device list matches with this same function.
 */
export function deviceOptionValue(serial: string): string {
  return deviceRef(serial);
}

/**
 * "kind — serial" when it fits the 75 characters of an option; otherwise the serial gets the whole
 * line, cut in the middle to keep the account and the device name, and the kind moves below it.
 * Plain text, so serials need no escaping.
 */
function deviceOption(device: MfaDevice): PlainTextOption {
  const label = deviceLabel(device);
  const fits = label.length <= BlockKitLimits.optionText;
  const enabled = device.enabledAt === undefined ? [] : [`enabled ${device.enabledAt.slice(0, 10)}`];
  const description = [...(fits ? [] : [describeDeviceKind(device.kind)]), ...enabled].join(', ');
  const option: PlainTextOption = {
    text: plainText(
      fits ? label : truncateMiddle(device.serial, BlockKitLimits.optionText),
      BlockKitLimits.optionText,
    ),
    value: deviceOptionValue(device.serial),
  };
  if (description !== '') option.description = plainText(description, BlockKitLimits.optionDescription);
  return option;
}

function devicesInput(devices: readonly MfaDevice[], forOther: boolean): InputBlock {
  const shown = devices.slice(0, Math.min(maxDevicesShown, BlockKitLimits.checkboxOptions));
  const options = shown.map(deviceOption);
  // Only authenticator apps come ticked: a lost or replaced phone is why most people ask, and such a
  // device is enrolled again in a minute. A hardware token or security key is a thing of its own,
  // rarely lost with the phone and slow to replace, so it is reset only when the requester ticks it.
  const virtual = options.filter((_, index) => shown[index]?.kind === 'virtual');
  return {
    type: 'input',
    block_id: BlockId.devices,
    label: plainText('MFA devices to reset', BlockKitLimits.inputLabel),
    hint: plainText(
      `Reset every device ${forOther ? 'they' : 'you'} can no longer use. A reset device stops working for sign-in. ` +
        'Authenticator apps come ticked; tick a hardware token or security key only if it is lost too.',
      BlockKitLimits.inputHint,
    ),
    element: {
      type: 'checkboxes',
      action_id: ActionId.devices,
      options,
      // Slack refuses an empty initial_options: none ticked is no initial_options at all.
      ...(virtual.length === 0 ? {} : { initial_options: virtual }),
    },
  };
}

/** The reason's words: a help-desk member is asked about the person they ask for, and how they know it is them. */
const reasonWords = {
  own: {
    label: 'Why do you need a reset?',
    hint: 'The approvers read this before they decide.',
    placeholder: 'e.g. Lost my phone with the authenticator app',
  },
  forOther: {
    label: 'Why do they need a reset?',
    hint: 'The approvers read this before they decide: say what happened and how you know it is them asking.',
    placeholder: 'e.g. Lost their phone; called from their desk phone and I know their voice',
  },
} as const;

function reasonInput(reasonMinLength: number, forOther: boolean): InputBlock {
  const minLength = Math.max(1, Math.min(Math.trunc(reasonMinLength), reasonMaxLength));
  const words = forOther ? reasonWords.forOther : reasonWords.own;
  return {
    type: 'input',
    block_id: BlockId.reason,
    label: plainText(words.label, BlockKitLimits.inputLabel),
    hint: plainText(`At least ${minLength} characters. ${words.hint}`, BlockKitLimits.inputHint),
    element: {
      type: 'plain_text_input',
      action_id: ActionId.reason,
      multiline: true,
      min_length: minLength,
      max_length: reasonMaxLength,
      placeholder: plainText(words.placeholder, BlockKitLimits.placeholder),
    },
  };
}

/**
 * The form a requester fills in: their IAM user, which devices to reset (authenticator apps
 * ticked), and why.
 * Given no devices it is the "nothing to reset" message instead, since a checkbox group needs at
 * least one option. The service reads the devices from IAM again on submit: the form only says
 * which of them the requester picked.
 */
export function requestModal(input: RequestModalInput): ModalView {
  if (input.devices.length === 0) return errorModal('NO_MFA_DEVICES');
  const iamUser = `\`${escapeMrkdwn(input.iamUserName, 200)}\``;
  const forOther = input.targetSlackId !== undefined;
  const blocks: KnownBlock[] = [
    section(
      forOther
        ? `For ${mention(input.targetSlackId)}, IAM user ${iamUser}. They get a direct message saying you asked, and can cancel it.`
        : `Your IAM user: ${iamUser}`,
    ),
    devicesInput(input.devices, forOther),
  ];
  const hidden = input.devices.length - BlockKitLimits.checkboxOptions;
  if (hidden > 0) {
    blocks.push(context(`${hidden} more device(s) not shown: request again after this reset to reset them.`));
  }
  blocks.push(
    reasonInput(input.reasonMinLength, forOther),
    context(
      'Approvers confirm with an MFA code that AWS checks before anything changes. ' +
        'You get a direct message when your request is decided.',
    ),
  );
  const metadata: RequestModalMetadata = {
    iamUserName: input.iamUserName,
    ...(input.targetSlackId === undefined ? {} : { targetSlackId: input.targetSlackId }),
  };
  return modal({
    callbackId: CallbackId.requestModal,
    title: 'MFA reset',
    submit: 'Request reset',
    blocks,
    privateMetadata: { ...metadata },
  });
}
