#!/usr/bin/env node
// `npm test` also typechecks and tests infra/, which has its own dependencies (the AWS CDK). Say
// what to run when they are missing, instead of failing later with a compiler error per import.
import { existsSync } from 'node:fs';

if (!existsSync(new URL('../infra/node_modules/aws-cdk-lib/package.json', import.meta.url))) {
  console.error(
    'infra/node_modules is missing: the infrastructure tests need the AWS CDK.\n' +
      'Run `npm ci --prefix infra` once (CI does it in .ci/run), then `npm test` again.',
  );
  process.exit(1);
}
