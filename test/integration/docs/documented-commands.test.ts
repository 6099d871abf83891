import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKOUT, commandsOf, DEPLOYMENT_DOCS, nameInSource } from './documented-commands.js';

/**
 * Every command of the deployment and operations docs' `sh` blocks is either run exactly as written
 * by the test file named here (which reads it from the doc through `documentedCommand`), or cannot
 * run offline, for the reason given. A new command in a doc fails this test until it is one or the
 * other; a command removed from a doc fails it until it leaves this list.
 */
type Coverage = { readonly runBy: string } | { readonly offline: string };

const install =
  'installs the dependencies from the registry (network) into the node_modules this suite runs from; .ci/run runs it before the suite';
const realAws = 'changes a real AWS account';
const docker =
  'needs a Docker engine; the build contexts are resolved by test/integration/docs/docker-context.test.ts, the Dockerfiles checked by test/unit/container/container-files.test.ts';
const synth = { runBy: 'infra/test/synth.test.ts' };
const auditCommands = { runBy: 'test/integration/docs/audit-commands.test.ts' };

const coverage: Record<string, Coverage> = {
  'npm ci && npm run sandbox': {
    offline: `${install}. npm run sandbox itself is run by test/integration/sandbox/npm-run-sandbox.test.ts (on a free port)`,
  },
  'npm ci --prefix infra && npm test': { offline: `${install}; npm test is this suite itself` },
  'npm ci && npm ci --prefix infra': { offline: install },
  'npm test': { offline: 'is this suite itself' },
  'npm ci && npm start': {
    offline: `${install}; npm start connects to real Slack and AWS (the entry point is started by test/integration/startup/main.test.ts)`,
  },
  'npm run cli -- --version': { runBy: 'test/integration/docs/command-line.test.ts' },
  'npm run synth': synth,
  'npm run synth -- -c tableName=ops-mfa-audit -c protectedTag=no-mfa-reset': synth,
  'cp config.example.yml mfa-reset-bot.yml': {
    offline:
      'would leave the operator’s config file in this checkout; config.example.yml itself is loaded by test/unit/config-schema-file.test.ts',
  },
  'cp .env.example .env': { offline: 'would leave an environment file for secrets in this checkout' },
  'npm run cli -- approvers enrol --member U0123ABCD --name alice': {
    offline:
      'needs the approver’s two codes typed in a terminal and an administrator’s AWS session; test/integration/cli/approvers.test.ts runs approvers enrol as a real process against the IAM emulator',
  },
  'shred -u alice.seed': { offline: 'destroys the seed file of a real device enrolment' },
  'npm run cli -- table create': auditCommands,
  'npm run cli -- audit export --request ID': auditCommands,
  'npm run cli -- audit export --user alice --from 2026-01-01 --to 2026-01-31 --format csv': auditCommands,
  'npm run cli -- audit export --actor U0123ABCD': auditCommands,
  'npm run cli -- audit verify': auditCommands,
  'npm run cli -- audit verify --anchor 1042:3f9c0a7be21d4c55': auditCommands,
  'npm run cli -- audit verify --anchor 1042:3f9c0a7be21d4c55 --anchor 1187:9be0f2d41c6a7e03': auditCommands,
  'npm run cli -- audit cloudtrail --days 30': auditCommands,
  'npm run cli -- audit export --help': auditCommands,
  'docker compose up --build': { offline: docker },
};

/** Commands judged by their start (some are written over several lines): AWS's, Docker's, the AWS CLI's table steps. */
const byPrefix: [RegExp, Coverage][] = [
  [/^docker (build|push|run) /, { offline: docker }],
  [
    /^aws iam (deactivate-mfa-device --user-name mfa-reset-bot|delete-virtual-mfa-device) /,
    { runBy: 'test/integration/docs/revoke-by-hand.test.ts' },
  ],
  [/^aws (cloudformation|ecr|iam|s3api|secretsmanager) /, { offline: realAws }],
  [
    /^aws dynamodb (create-table|wait table-exists|update-time-to-live|update-table) /,
    { runBy: 'test/integration/docs/aws-cli-table.test.ts' },
  ],
  [
    /^aws dynamodb update-continuous-backups /,
    {
      offline:
        'DynamoDB Local does not implement UpdateContinuousBackups (UnknownOperationException); the stack’s table has point-in-time recovery, checked by infra/test/stack.test.ts',
    },
  ],
];

function coverageOf(command: string): Coverage | undefined {
  return coverage[command] ?? byPrefix.find(([pattern]) => pattern.test(command))?.[1];
}

const documented = DEPLOYMENT_DOCS.flatMap((doc) => commandsOf(doc).map((command) => ({ doc, command })));

describe('the commands the deployment and operations docs show', () => {
  it('finds them', () => {
    expect(documented.length).toBeGreaterThan(30);
  });

  it('are each run by a named test or excused with a reason', () => {
    expect(documented.filter(({ command }) => coverageOf(command) === undefined)).toEqual([]);
  });

  it('are each in a test that reads it from its doc, for those said to be run', () => {
    const unread = documented.filter(({ doc, command }) => {
      const covered = coverageOf(command);
      if (covered === undefined || !('runBy' in covered)) return false;
      const source = readFileSync(join(CHECKOUT, covered.runBy), 'utf8');
      return ![`'${doc}'`, nameInSource(command), 'documentedCommand'].every((text) => source.includes(text));
    });
    expect(unread).toEqual([]);
  });

  it('name no command that the docs no longer show', () => {
    const shown = new Set(documented.map(({ command }) => command));
    expect(Object.keys(coverage).filter((command) => !shown.has(command))).toEqual([]);
  });

  it('name only test files that exist', () => {
    const named = [...Object.values(coverage), ...byPrefix.map(([, covered]) => covered)].flatMap(
      (covered) =>
        'runBy' in covered ? [covered.runBy] : (covered.offline.match(/[\w/.-]+\.test\.ts/g) ?? []),
    );
    expect(named.filter((file) => !existsSync(join(CHECKOUT, file)))).toEqual([]);
  });
});
