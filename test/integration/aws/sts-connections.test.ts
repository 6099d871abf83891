import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AwsFixture, startAwsFixture } from './fixture.js';

/**
 * An approval must not fail on a connection the network forgot while it sat idle (`read
 * ECONNRESET` from GetSessionToken in a burst on two replicas): GetSessionToken has one attempt,
 * because a code works once, so the STS adapter opens a fresh connection for every call. The
 * emulator's `forgetIdleConnections` resets any request sent on a connection that already carried one.
 */
describe('GetSessionToken over connections the network forgets when idle', () => {
  let fixture: AwsFixture;

  beforeEach(async () => {
    fixture = await startAwsFixture({ approvers: ['U0APPROVER1', 'U0APPROVER2'] });
    fixture.emulator.faults.forgetIdleConnections = true;
  });
  afterEach(async () => {
    await fixture.close();
  });

  function approverCode(index: number): { serial: string; code: string } {
    const device = fixture.bot.devices[index];
    if (device === undefined) throw new Error(`the bot has no device ${index}`);
    return { serial: device.serial, code: fixture.emulator.codeFor(device.seed) };
  }

  it('resets a second call on a kept-alive connection (what the SDK does by default)', async () => {
    const client = new STSClient({ region: 'us-east-1', maxAttempts: 1 });
    try {
      const first = approverCode(0);
      await client.send(new GetSessionTokenCommand({ SerialNumber: first.serial, TokenCode: first.code }));
      const second = approverCode(1);
      const failure = await client
        .send(new GetSessionTokenCommand({ SerialNumber: second.serial, TokenCode: second.code }))
        .then(
          () => undefined,
          (error: unknown) => error,
        );

      expect(failure).toMatchObject({ code: 'ECONNRESET' });
    } finally {
      client.destroy();
    }
  });

  it('verifies one code after another through the STS adapter, each on a fresh connection', async () => {
    const { sts } = fixture.aws;

    await sts.getSessionToken({ ...approverCode(0), durationSeconds: 900 });
    const second = await sts.getSessionToken({ ...approverCode(1), durationSeconds: 900 });

    expect(second.accessKeyId).toMatch(/^ASIA/);
    expect(fixture.emulator.state.calls.map((call) => [call.action, call.status])).toEqual([
      ['GetSessionToken', 200],
      ['GetSessionToken', 200],
    ]);
  });
});
