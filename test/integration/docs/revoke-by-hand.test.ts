import { spawnSync } from 'node:child_process';
import { IAMClient, ListMFADevicesCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IamStsEmulator, startIamStsEmulator } from '../../../sandbox/iam-sts-emulator/index.js';
import { documentedCommandStartingWith, runDocumented } from './documented-commands.js';

/**
 * "Revoking an approver" by hand in docs/operations.md: the two AWS CLI commands, exactly as
 * written, against the IAM emulator, as an administrator whose own policy does not ask for MFA
 * (the emulator's deactivateRequiresMfa off). They need the AWS CLI, which is not a dependency of
 * the project: without it they are skipped, with this note.
 */

const doc = 'docs/operations.md';
const hasAwsCli = spawnSync('aws', ['--version']).status === 0;
let emulator: IamStsEmulator;
let env: Record<string, string>;
let admin: { accessKeyId: string; secretAccessKey: string };

beforeAll(async () => {
  if (!hasAwsCli) return;
  emulator = await startIamStsEmulator({ deactivateRequiresMfa: false });
  emulator.state.addBotUser({ approvers: ['alice', 'bob'] });
  emulator.state.addUser({ userName: 'admin' });
  admin = emulator.state.addAccessKey('admin');
  env = {
    AWS_ENDPOINT_URL_IAM: emulator.url,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: admin.accessKeyId,
    AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
  };
});

afterAll(async () => {
  await emulator?.close();
});

describe.skipIf(!hasAwsCli)('revoking an approver by hand (skipped: no `aws` installed)', () => {
  it('deactivates and deletes their device on the bot’s user, and only theirs', async () => {
    const steps = [
      documentedCommandStartingWith(doc, 'aws iam deactivate-mfa-device --user-name mfa-reset-bot'),
      documentedCommandStartingWith(
        doc,
        'aws iam delete-virtual-mfa-device --serial-number arn:aws:iam::123456789012:mfa/mfa-reset-bot-alice',
      ),
    ];
    for (const step of steps) expect(await runDocumented(step, { env })).toMatchObject({ code: 0 });

    const iam = new IAMClient({ region: 'us-east-1', endpoint: emulator.url, credentials: admin });
    try {
      const { MFADevices } = await iam.send(new ListMFADevicesCommand({ UserName: 'mfa-reset-bot' }));
      expect(MFADevices?.map((device) => device.SerialNumber)).toEqual([
        'arn:aws:iam::123456789012:mfa/mfa-reset-bot-bob',
      ]);
    } finally {
      iam.destroy();
    }
  }, 60_000);
});
