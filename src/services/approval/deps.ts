import type { ServiceDeps, StepDeps } from '../service-deps.js';
import type { DeviceWaits } from './device-waits.js';

/** What the approval is built with: the ports and rules, and this process's device waiting room. */
export interface ApprovalDeps extends ServiceDeps {
  /** One per process, built by the composition root and shared by every code check. */
  readonly deviceWaits: DeviceWaits;
}

/** What the approval's steps share: the above and the one builder of audit events. */
export interface ApprovalStepDeps extends ApprovalDeps, StepDeps {}
