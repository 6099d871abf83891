/**
 * Slack's limits on Block Kit, in one place: the views stay within them (text from people or AWS
 * is truncated to them), and the one checker (sandbox/fake-slack/block-rules.ts) holds the views to
 * them in the unit tests and refuses what breaks them in the fake Slack. From docs.slack.dev's reference pages for modal views, blocks, block elements,
 * composition objects and chat.postMessage; Slack rejects a whole view or message that breaks one.
 */
export const blockKitLimits = {
  /** A modal's title, submit and close texts. */
  modalTitle: 24,
  modalButton: 24,
  modalBlocks: 100,
  homeBlocks: 100,
  messageBlocks: 50,
  privateMetadata: 3000,
  /** `block_id`, `action_id`, `callback_id`, `external_id`. */
  id: 255,
  sectionText: 3000,
  sectionField: 2000,
  sectionFields: 10,
  headerText: 150,
  contextElements: 10,
  contextElementText: 3000,
  actionsElements: 25,
  checkboxOptions: 10,
  optionText: 75,
  optionDescription: 75,
  optionValue: 150,
  buttonText: 75,
  buttonValue: 2000,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  plainTextInputLength: 3000,
  /** A message's `text`: longer is refused with `msg_too_long`. */
  messageTextMax: 40_000,
} as const;
