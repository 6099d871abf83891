export { createSlackDriver, SlackDriver } from './driver.js';
export type { PayloadContext } from './payloads.js';
export type { Tamper } from './signing.js';
export { signatureHeaders, v0Signature } from './signing.js';
export { socketModeTransport } from './socket-mode-transport.js';
export type { StateValues, UserInput, UserInputs } from './state-values.js';
export { buildStateValues, chosen, pickedUser, selected, ticked, tickedAll, typed } from './state-values.js';
export type {
  ActionSource,
  BlockActionInput,
  DriverResponse,
  SendOptions,
  SlackDriverOptions,
  SlashCommandInput,
  ViewSubmissionInput,
  ViewSubmissionResponse,
} from './types.js';
export type { Transport, TransportAnswer, Wire } from './wire.js';
