import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { chromiumMissing, type LaunchedChromium, launchChromium } from './chromium.js';
import { SandboxPage } from './sandbox-page.js';
import { type ServedSandbox, startServedSandbox } from './served-sandbox.js';

/** The sandbox served for one describe block, and its page open in Chromium. */
export interface SandboxInChromium {
  readonly served: ServedSandbox;
  readonly ui: SandboxPage;
}

/**
 * A describe block whose tests drive the sandbox page in headless Chromium: one sandbox (on its own
 * table) and one browser page for the block, both stopped after it. Skipped, with a warning saying
 * how to install Chromium, where it is missing.
 */
export function describeInChromium(title: string, tests: (session: SandboxInChromium) => void): void {
  if (chromiumMissing !== undefined) console.warn(chromiumMissing);
  const skipped =
    chromiumMissing === undefined ? '' : ' (skipped: Chromium is not installed, see the warning above)';
  describe.skipIf(chromiumMissing !== undefined)(`${title}${skipped}`, () => {
    const session = {} as { served: ServedSandbox; ui: SandboxPage };
    let chromium: LaunchedChromium | undefined;

    beforeAll(async () => {
      session.served = await startServedSandbox({
        dynamoDbEndpoint: inject('dynamoDbEndpoint'),
        tableName: `sandbox-${randomUUID()}`,
      });
      chromium = await launchChromium();
      const page = await chromium.context.newPage();
      // Each step fails on its own, and says which, well before the test's own limit.
      page.setDefaultTimeout(15_000);
      session.ui = new SandboxPage(page, session.served.page.url);
    }, 120_000);

    afterAll(async () => {
      await chromium?.close();
      await session.served?.stop();
    });

    tests(session);
  });
}
