import { type PageServer, readAppManifest, startPageServer } from '../../../src/sandbox/page-server/index.js';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../../src/sandbox/sandbox.js';

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
