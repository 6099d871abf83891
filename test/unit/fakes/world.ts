import type { ResetRequest } from '../../../src/domain/request.js';
import type { ApprovalDeps } from '../../../src/services/approval/deps.js';
import { createDeviceWaits } from '../../../src/services/approval/device-waits.js';
import {
  type ApprovalResult,
  type ApprovalService,
  createApprovalService,
} from '../../../src/services/approval/service.js';
import { approverMfaSerial } from '../../../src/services/approvers.js';
import { createAuditEvents } from '../../../src/services/audit-events.js';
import { createRequestService, type RequestService } from '../../../src/services/requests.js';
import type { ResetRules } from '../../../src/services/service-deps.js';
import { FakeDirectory } from './fake-directory.js';
import { FakeIam } from './fake-iam.js';
import { FakeSts } from './fake-sts.js';
import { FixedClock } from './fixed-clock.js';
import {
  InMemoryDeliveries,
  InMemoryDeviceLockouts,
  InMemoryReminders,
  InMemoryTokenAttempts,
} from './in-memory-counters.js';
import { InMemoryStore } from './in-memory-store.js';
import {
  ALICE,
  ALICE_HARDWARE,
  ALICE_VIRTUAL,
  BOB,
  BOT_SERIAL,
  BOT_USER_NAME,
  ERIN,
  ERIN_SERIAL,
  FIONA,
  FRANK,
  OSCAR,
  SAM,
  SECURITY_GROUP,
} from './people.js';
import { RecordingLogger } from './recording-logger.js';
import { RecordingNotifier } from './recording-notifier.js';
import { aRequest } from './request-builder.js';
import { SequentialIds } from './sequential-ids.js';

export interface RulesOverrides extends Partial<Omit<ResetRules, 'approvers' | 'protect'>> {
  readonly approvers?: Partial<ResetRules['approvers']>;
  readonly protect?: Partial<ResetRules['protect']>;
}

/**
 * Approvers: ERIN (own device) and SAM (shared botMfaSerial) by ID, FRANK through the security
 * group. Alice maps statically to `alice`, who has one virtual and one hardware device; BOB and
 * FIONA to `bob` and `fiona`, with a virtual device each; OSCAR to the protected admin
 * `admin-oscar`. One approval with an MFA code always
 * verified by STS; three wrong codes close a request; five wrong codes from one device lock it.
 */
export function rulesWith(overrides: RulesOverrides = {}): ResetRules {
  const { approvers, protect, ...rest } = overrides;
  return {
    mapping: [{ static: { [ALICE]: 'alice', [BOB]: 'bob', [FIONA]: 'fiona', [OSCAR]: 'admin-oscar' } }],
    botMfaSerial: BOT_SERIAL,
    deleteVirtualDevices: true,
    ttlMinutes: 60,
    reasonMinLength: 10,
    maxTokenAttempts: 3,
    maxResetsPerTargetPerDay: 3,
    auditors: { users: [], userGroups: [] },
    helpdesk: { users: [], userGroups: [] },
    remindAfterMinutes: 30,
    commandsPerMinute: 20,
    approvalRules: [],
    enrolWithinHours: 24,
    accounts: [],
    ...rest,
    approvers: {
      users: [ERIN, SAM],
      userGroups: [SECURITY_GROUP],
      minApprovals: 1,
      mfaDevices: { [ERIN]: ERIN_SERIAL },
      lockout: { maxFailures: 5, windowMinutes: 15 },
      ...approvers,
    },
    protect: {
      users: ['admin-*', 'break-glass'],
      tag: 'mfa-reset-protected',
      botUserName: BOT_USER_NAME,
      ...protect,
    },
  };
}

export interface World {
  readonly rules: ResetRules;
  readonly deps: ApprovalDeps;
  readonly store: InMemoryStore;
  readonly attempts: InMemoryTokenAttempts;
  readonly lockouts: InMemoryDeviceLockouts;
  readonly iam: FakeIam;
  readonly sts: FakeSts;
  readonly directory: FakeDirectory;
  readonly notifier: RecordingNotifier;
  readonly clock: FixedClock;
  readonly logger: RecordingLogger;
  readonly requests: RequestService;
  readonly approvals: ApprovalService;
  /** A fresh code that STS will accept once from this approver's bot MFA device. */
  codeFor(approverSlackId: string): string;
  /** A PENDING request made through the real request service (prepare, then submit). */
  pendingRequest(options?: {
    requester?: string;
    serials?: readonly string[];
    reason?: string;
  }): Promise<ResetRequest>;
  /** Approves with a valid code for `by` (ERIN by default) unless `code` is given. */
  approve(request: ResetRequest, options?: { by?: string; code?: string }): Promise<ApprovalResult>;
  /**
   * Puts a request straight into the store (see `aRequest`) with its REQUEST_CREATED event, for
   * situations a requester cannot create.
   */
  seedRequest(overrides?: Partial<ResetRequest>): ResetRequest;
  /** Everything the bot left behind (requests, audit events, logs, messages) as one JSON text. */
  everythingRecorded(): string;
}

export function aWorld(overrides: { rules?: RulesOverrides; outcomeRetryMs?: number } = {}): World {
  const rules = rulesWith(overrides.rules);
  const clock = new FixedClock();
  const sts = new FakeSts(clock);
  const iam = new FakeIam({ recognises: (credentials) => sts.issued(credentials) });
  iam.addUser({ userName: 'alice', devices: [ALICE_VIRTUAL, ALICE_HARDWARE] });
  iam.addUser({ userName: 'bob', devices: ['arn:aws:iam::123456789012:mfa/bob-phone'] });
  iam.addUser({ userName: 'fiona', devices: ['arn:aws:iam::123456789012:mfa/fiona-phone'] });
  iam.addUser({ userName: BOT_USER_NAME, devices: [ERIN_SERIAL, BOT_SERIAL] });
  iam.addUser({ userName: 'admin-oscar', devices: ['arn:aws:iam::123456789012:mfa/admin-oscar'] });
  const directory = new FakeDirectory({
    emails: { [ALICE]: 'alice@example.com' },
    groups: { [SECURITY_GROUP]: [FRANK] },
  });
  const store = new InMemoryStore();
  const attempts = new InMemoryTokenAttempts();
  const lockouts = new InMemoryDeviceLockouts();
  const notifier = new RecordingNotifier();
  const logger = new RecordingLogger();
  const ids = new SequentialIds();
  const deps: ApprovalDeps = {
    iam,
    sts,
    store,
    attempts,
    lockouts,
    deliveries: new InMemoryDeliveries(),
    reminders: new InMemoryReminders(),
    directory,
    notifier,
    clock,
    ids,
    logger,
    rules,
    deviceWaits: createDeviceWaits(),
    // A dead store fails the outcome at once here; tests of retries give it time.
    outcomeRetryMs: overrides.outcomeRetryMs ?? 0,
  };
  const requests = createRequestService(deps);
  const approvals = createApprovalService(deps);
  let nextCode = 735_101;

  function codeFor(approverSlackId: string): string {
    const code = String(nextCode);
    nextCode += 1;
    sts.acceptCode(approverMfaSerial(rules, approverSlackId), code);
    return code;
  }

  return {
    rules,
    deps,
    store,
    attempts,
    lockouts,
    iam,
    sts,
    directory,
    notifier,
    clock,
    logger,
    requests,
    approvals,
    codeFor,
    async pendingRequest(options = {}) {
      const requester = options.requester ?? ALICE;
      const prepared = await requests.prepare(requester);
      if ('choices' in prepared) throw new Error(`${requester} has IAM users in several accounts`);
      return requests.submit({
        slackUserId: requester,
        iamUserName: prepared.iamUserName,
        serials: options.serials ?? prepared.devices.map((device) => device.serial),
        reason: options.reason ?? 'Lost my phone on the train',
      });
    },
    approve(request, options = {}) {
      const by = options.by ?? ERIN;
      return approvals.approve({
        requestId: request.id,
        approverSlackId: by,
        tokenCode: options.code ?? codeFor(by),
      });
    },
    seedRequest(requestOverrides = {}) {
      const request = aRequest({
        createdAt: clock.now().toISOString(),
        updatedAt: clock.now().toISOString(),
        expiresAt: new Date(clock.now().getTime() + rules.ttlMinutes * 60_000).toISOString(),
        ...requestOverrides,
      });
      store.seed(request, createAuditEvents({ clock, ids }).requestCreated(request));
      return request;
    },
    everythingRecorded() {
      return JSON.stringify({
        requests: store.requests(),
        events: store.events(),
        logs: logger.entries,
        messages: [notifier.posted, notifier.updated, notifier.dms],
      });
    },
  };
}
