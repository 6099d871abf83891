import type { MemberAccount } from '../domain/accounts.js';
import type { ApprovalRule } from '../domain/approval-rules.js';
import type { ProtectionRules } from '../domain/authorisation.js';
import type { LockoutRules } from '../domain/lockout.js';
import type { MappingRule } from '../domain/mapping.js';
import type { ResetRequest } from '../domain/request.js';
import type { AuditEvents } from './audit-events.js';
import type {
  Clock,
  Deliveries,
  DeviceLockouts,
  Directory,
  Iam,
  IdGenerator,
  Logger,
  Notifier,
  Reminders,
  Store,
  Sts,
  TokenAttempts,
} from './ports.js';

/** The rules the use cases need, taken from the validated configuration by the composition root. */
export interface ResetRules {
  readonly mapping: readonly MappingRule[];
  readonly protect: ProtectionRules;
  readonly approvers: {
    readonly users: readonly string[];
    readonly userGroups: readonly string[];
    readonly minApprovals: number;
    /** Slack user ID → serial of that approver's own MFA device on the bot's IAM user. */
    readonly mfaDevices: Readonly<Record<string, string>>;
    /** Wrong codes from one approver device, across requests, that lock it for a while. */
    readonly lockout: LockoutRules;
  };
  /** Approval rules per IAM user (`rules:`), first match first; `approvers` are the last rule. */
  readonly approvalRules: readonly ApprovalRule[];
  /** Who may review the audit trail: listed members and members of listed user groups. */
  readonly auditors: { readonly users: readonly string[]; readonly userGroups: readonly string[] };
  /** Who may request a reset for another member: listed members and members of listed user groups. */
  readonly helpdesk: { readonly users: readonly string[]; readonly userGroups: readonly string[] };
  readonly botMfaSerial?: string;
  readonly deleteVirtualDevices: boolean;
  readonly ttlMinutes: number;
  readonly reasonMinLength: number;
  readonly maxTokenAttempts: number;
  /** Resets carried out for one IAM user in 24 hours before new requests are refused. */
  readonly maxResetsPerTargetPerDay: number;
  /** Minutes before a pending request's first reminder (then doubling intervals); 0 turns them off. */
  readonly remindAfterMinutes: number;
  /** Commands one member may send in a minute (per bot process) before they are refused. */
  readonly commandsPerMinute: number;
  /**
   * Hours a member has to enrol a new MFA device after a completed reset: reminded at half, alarmed
   * at the end (services/enrolments.ts); 0 turns the follow-through off.
   */
  readonly enrolWithinHours: number;
  /** The member accounts (`accounts:`); a user `ACCOUNT_ID:name` is reset there through its reset role. */
  readonly accounts: readonly MemberAccount[];
}

export interface ServiceDeps {
  readonly iam: Iam;
  readonly sts: Sts;
  readonly store: Store;
  readonly attempts: TokenAttempts;
  readonly lockouts: DeviceLockouts;
  readonly deliveries: Deliveries;
  readonly reminders: Reminders;
  readonly directory: Directory;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly rules: ResetRules;
  /**
   * Told (without waiting) whenever a request changes in a way people see, so that views showing
   * it, such as App Home tabs, can be refreshed.
   */
  readonly requestChanged?: (request: ResetRequest) => void;
  /** How long the outcome of a reset IAM carried out keeps trying to be written (see approval/outcome-write.ts). */
  readonly outcomeRetryMs?: number;
}

/** What the steps of a decision share (approve, deny, cancel): the ports and rules, and the one builder of audit events. */
export interface StepDeps extends ServiceDeps {
  readonly events: AuditEvents;
}
