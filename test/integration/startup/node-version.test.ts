import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../../../', import.meta.url).pathname;
const major = Number(process.versions.node.split('.')[0]);

/**
 * The bot builds its AWS clients at start-up; on a Node.js the AWS SDK no longer supports, the SDK
 * prints a warning then. The supported versions (22 and later) must start without it; on Node 20,
 * past its end of life, the warning is expected, and is why Node 20 is no longer supported.
 */
describe('the AWS SDK’s Node.js version warning at start-up', () => {
  it(`is ${major >= 22 ? 'absent' : 'printed'} on Node.js ${process.versions.node}`, async () => {
    const script = [
      "import { createAwsAdapters } from './src/aws/index.js';",
      "import { openAuditTable } from './src/store/index.js';",
      "const aws = createAwsAdapters({ region: 'us-east-1' });",
      "openAuditTable({ tableName: 'audit-table' }).close();",
      'aws.destroy();',
    ].join('\n');
    const { stderr } = await run(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', script],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? '' },
      },
    );
    if (major >= 22) expect(stderr).not.toMatch(/NodeVersionSupportWarning|will require node/);
    else expect(stderr).toContain('NodeVersionSupportWarning');
  });
});
