import { Worker } from 'node:worker_threads';

/**
 * The fake Slack's front door on a thread of its own. Slack's 3 s for a trigger_id run from the
 * click to Slack receiving `views.open`; in a test where this process also plays Slack's API and
 * AWS for busy bots, its event loop is late to read a `views.open` that has already arrived, and
 * would blame the bot for the wait. This thread notes when each Web API call arrived and hands it
 * on with that time (RECEIVED_AT_HEADER), which the fake uses as the call's time. Point the bots'
 * SLACK_API_URL at `${receiver.url}/api/`.
 */
export interface OwnThreadReceiver {
  /** `http://127.0.0.1:PORT`, in front of the fake Slack's own URL. */
  readonly url: string;
  close(): Promise<void>;
}

/** The worker is TypeScript, run through tsx registered on its thread (vitest's transform does not reach it). */
const RECEIVER = new URL('./own-thread-receiver-worker.ts', import.meta.url).href;
const BOOT = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(RECEIVER)}); });`;

export async function ownThreadReceiver(fakeSlackUrl: string): Promise<OwnThreadReceiver> {
  const worker = new Worker(BOOT, { eval: true, workerData: { target: fakeSlackUrl } });
  worker.unref();
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', (message: { url: string }) => resolve(message.url));
    worker.once('error', reject);
  });
  return {
    url,
    close: async () => {
      await worker.terminate();
    },
  };
}
