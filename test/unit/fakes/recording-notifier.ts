import { ResetError } from '../../../src/domain/errors.js';
import type { ResetRequest } from '../../../src/domain/request.js';
import type { ChainAnchor, Notifier, SecurityAlert } from '../../../src/services/ports.js';
import { APPROVAL_CHANNEL } from './people.js';

export type NotificationKind = 'approval-request' | 'approval-update' | 'requester-dm' | 'alert';

/** Records what people would have been told; each kind of message can be made to fail like Slack would. */
export class RecordingNotifier implements Notifier {
  readonly posted: ResetRequest[] = [];
  readonly updated: ResetRequest[] = [];
  /** The chain anchor shown with each update (undefined while the request is open). */
  readonly anchors: (ChainAnchor | undefined)[] = [];
  readonly alerts: SecurityAlert[] = [];
  readonly dms: ResetRequest[] = [];
  /** Kinds of message that fail with SLACK_API_ERROR. */
  readonly failing = new Set<NotificationKind>();
  #nextTs = 1;

  async postApprovalRequest(request: ResetRequest): Promise<{ channel: string; ts: string }> {
    this.#failIfSwitchedOff('approval-request');
    this.posted.push(request);
    const ts = `1741000000.${String(this.#nextTs).padStart(6, '0')}`;
    this.#nextTs += 1;
    return { channel: APPROVAL_CHANNEL, ts };
  }

  async updateApprovalRequest(request: ResetRequest, anchor?: ChainAnchor): Promise<void> {
    this.#failIfSwitchedOff('approval-update');
    this.updated.push(request);
    this.anchors.push(anchor);
  }

  async postAlert(alert: SecurityAlert): Promise<void> {
    this.#failIfSwitchedOff('alert');
    this.alerts.push(alert);
  }

  async notifyRequester(request: ResetRequest): Promise<void> {
    this.#failIfSwitchedOff('requester-dm');
    this.dms.push(request);
  }

  #failIfSwitchedOff(kind: NotificationKind): void {
    if (this.failing.has(kind)) {
      throw new ResetError('SLACK_API_ERROR', `Slack refused the ${kind} (fake: channel_not_found).`);
    }
  }
}
