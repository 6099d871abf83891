import { codeFor } from '../../../sandbox/iam-sts-emulator/index.js';
import { type PageServer, readAppManifest, startPageServer } from '../../../sandbox/page-server/index.js';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../../sandbox/sandbox.js';

/** The sandbox and its page, as `npm run sandbox` serves them, on a free port. */
export interface ServedSandbox {
  readonly sandbox: Sandbox;
  readonly page: PageServer;
  stop(): Promise<void>;
}

export async function startServedSandbox(options: SandboxOptions = {}): Promise<ServedSandbox> {
  const sandbox = await startSandbox(options);
  try {
    const page = await startPageServer({ sandbox, manifest: await readAppManifest(), port: 0 });
    return {
      sandbox,
      page,
      stop: async () => {
        await page.close();
        await sandbox.stop();
      },
    };
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
}

/** A six-digit code that none of the bot's devices shows around now: AWS will refuse it. */
export function wrongCode(sandbox: Sandbox): string {
  const valid = new Set(
    sandbox.botUser.devices.flatMap((device) => [-1, 0, 1].map((step) => codeFor(device.seed, step))),
  );
  for (let n = 0; ; n += 1) {
    const candidate = String((314_159 + n * 7_919) % 1_000_000).padStart(6, '0');
    if (!valid.has(candidate)) return candidate;
  }
}
