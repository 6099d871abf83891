import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { APPROVALS_CHANNEL, people } from '../../../sandbox/cast.js';
import { codeFor } from '../../../sandbox/iam-sts-emulator/index.js';
import { requestKey } from '../../../src/store/table-layout.js';
import {
  approveThrough,
  type BotFleet,
  requestThrough,
  startBotFleet,
  until,
} from '../../harness/bot-processes.js';

/**
 * A crash mid-reset, with real processes: the bot process is killed (SIGKILL) while it waits on a
 * slowed IAM between deactivating and deleting a device; a new process's start-up housekeeping
 * records the request from what IAM shows: the device is detached but still in the account, so the
 * request is UNFINISHED (DEVICE_NOT_DELETED), with the device events, one alarm naming the device,
 * the approval message updated to offer "Finish the reset", the requester told once, and the
 * approver whose approval the killed process was carrying out told what became of it.
 */
describe('a bot process killed between DeactivateMFADevice and DeleteVirtualMFADevice', () => {
  let fleet: BotFleet;
  beforeAll(async () => {
    fleet = await startBotFleet({ dynamoDbEndpoint: inject('dynamoDbEndpoint') });
  }, 240_000);
  afterAll(async () => fleet?.close());

  it('is left UNFINISHED by the next process from IAM’s state (DEVICE_NOT_DELETED), audited, alarmed and announced once', async () => {
    const phone = fleet.aws.state.addVirtualDevice({ userName: people.alice.iamUser, name: 'alice-phone' });
    const first = await fleet.start();
    const request = await requestThrough(fleet, first, { userId: people.alice.slackId });
    const dmsBefore = fleet.slack.dmsTo(people.alice.slackId).length;
    fleet.aws.faults.setLatency('DeleteVirtualMFADevice', 60_000);

    await approveThrough(fleet, first, {
      approver: people.erin.slackId,
      request,
      code: codeFor(fleet.botUser.devices[0]!.seed),
    });
    await until(
      () =>
        fleet.aws.state.callsTo('DeleteVirtualMFADevice').some((call) => call.status === 'pending') ||
        undefined,
      { what: 'the bot to wait on DeleteVirtualMFADevice' },
    );
    expect(fleet.aws.state.callsTo('DeactivateMFADevice').map((call) => call.status)).toEqual([200]);
    await first.kill();
    expect((await fleet.store.getRequest(request.id))?.state).toBe('EXECUTING');

    // Five minutes pass (the reconciler leaves a request alone while it may still be running):
    // the request's last write is set back in time, as the clock would have moved it.
    const client = new DynamoDBClient({
      endpoint: inject('dynamoDbEndpoint'),
      region: 'us-east-1',
      credentials: { accessKeyId: fleet.botUser.accessKeyId, secretAccessKey: fleet.botUser.secretAccessKey },
    });
    await DynamoDBDocumentClient.from(client).send(
      new UpdateCommand({
        TableName: fleet.table,
        Key: requestKey(request.id),
        UpdateExpression: 'SET updatedAt = :then',
        ExpressionAttributeValues: { ':then': new Date(Date.now() - 6 * 60_000).toISOString() },
      }),
    );
    client.destroy();
    fleet.aws.faults.setLatency('DeleteVirtualMFADevice', 0);
    const updatesBefore = fleet.slack.calls('chat.update').length;

    await fleet.start();
    const closed = await until(
      async () => {
        const stored = await fleet.store.getRequest(request.id);
        return stored?.state === 'UNFINISHED' ? stored : undefined;
      },
      { timeoutMs: 30_000, what: 'the reconciler to record the request' },
    );

    expect(closed).toMatchObject({ failureCode: 'DEVICE_NOT_DELETED' });
    expect(closed.outcomes).toEqual([
      {
        serial: phone.serial,
        kind: 'virtual',
        deactivated: true,
        deleted: false,
        errorCode: 'DEVICE_NOT_DELETED',
      },
    ]);
    expect(fleet.aws.state.devicesOf(people.alice.iamUser)).toEqual([]);
    expect(fleet.aws.state.virtualDeviceExists(phone.serial)).toBe(true);
    const events = [];
    let cursor: string | undefined;
    do {
      const page = await fleet.store.queryAudit({
        by: 'request',
        requestId: request.id,
        ...(cursor ? { cursor } : {}),
      });
      events.push(...page.events);
      cursor = page.cursor;
    } while (cursor !== undefined);
    expect(events.map((event) => event.type)).toEqual([
      'REQUEST_CREATED',
      'APPROVERS_NOTIFIED',
      'TOKEN_SUBMITTED',
      'REQUEST_APPROVED',
      'EXECUTION_STARTED',
      'DEVICE_DEACTIVATED',
      'DEVICE_RESET_FAILED',
      'REQUEST_UNFINISHED',
    ]);
    expect(events.find((event) => event.type === 'DEVICE_DEACTIVATED')).toMatchObject({
      devices: [phone.serial],
      actor: { kind: 'bot' },
    });
    expect(events.find((event) => event.type === 'DEVICE_RESET_FAILED')).toMatchObject({
      devices: [phone.serial],
      errorCode: 'DEVICE_NOT_DELETED',
    });
    // Raised after the request is closed and its members are told.
    const alarmsPosted = () =>
      fleet.slack
        .messagesIn(APPROVALS_CHANNEL)
        .filter((message) => /left virtual MFA devices/.test(message.text));
    await until(() => (alarmsPosted().length > 0 ? true : undefined), { what: 'the alarm' });
    expect(alarmsPosted()).toHaveLength(1);
    expect(JSON.stringify(alarmsPosted()[0])).toContain(phone.serial);
    const update = await fleet.slack.waitForCall('chat.update', {
      since: updatesBefore,
      where: (call) =>
        call.args.channel === APPROVALS_CHANNEL && call.args.ts === request.approvalMessage?.ts,
      timeoutMs: 10_000,
    });
    expect(JSON.stringify(update.args)).toMatch(/Unfinished/);
    expect(JSON.stringify(update.args)).toContain('Finish the reset');
    await until(() => (fleet.slack.dmsTo(people.alice.slackId).length > dmsBefore ? true : undefined), {
      what: 'the requester to be told',
    });
    expect(fleet.slack.dmsTo(people.alice.slackId)).toHaveLength(dmsBefore + 1);
    await until(
      () =>
        fleet.slack
          .dmsTo(people.erin.slackId)
          .some((dm) => /stopped while it was carrying out your approval/.test(JSON.stringify(dm))) ||
        undefined,
      { what: 'the approver to be told' },
    );
    expect(await fleet.store.verifyAuditChain()).toMatchObject({ ok: true });
  });
});
