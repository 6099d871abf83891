/** Where the CLI writes: process.stdout/stderr, or any Writable in tests. */
export interface TextOutput {
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

/** Writes and waits for the stream to drain when it asks to, so a large export does not pile up. */
export async function write(output: TextOutput, text: string): Promise<void> {
  if (!output.write(text)) await new Promise<void>((resolve) => output.once('drain', resolve));
}
