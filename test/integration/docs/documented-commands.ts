import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The checkout's root: every documented command runs from here unless its doc says otherwise. */
export const CHECKOUT = fileURLToPath(new URL('../../../', import.meta.url));

/** The deployment and operations docs whose `sh` blocks must each be run by a test or excused. */
export const DEPLOYMENT_DOCS = [
  'README.md',
  'docs/aws-setup.md',
  'docs/running.md',
  'docs/operations.md',
  'docs/audit-trail.md',
  'infra/README.md',
] as const;

export type DeploymentDoc = (typeof DEPLOYMENT_DOCS)[number];

/**
 * The commands of a doc's fenced `sh` blocks, one per logical line: a line ending in `\` continues
 * on the next, exactly as the shell reads it; a trailing comment (after a space) is the
 * doc's remark, not part of the command.
 */
export function commandsOf(doc: DeploymentDoc): string[] {
  const text = readFileSync(new URL(doc, `file://${CHECKOUT}`), 'utf8');
  const commands: string[] = [];
  for (const block of text.matchAll(/^([ \t]*)```sh\n([\s\S]*?)^\1```/gm)) {
    const indent = block[1] ?? '';
    let pending = '';
    for (const raw of (block[2] ?? '').split('\n')) {
      const line = raw.startsWith(indent) ? raw.slice(indent.length) : raw;
      if (pending === '' && line.trim() === '') continue;
      pending = pending === '' ? line : `${pending}\n${line}`;
      if (line.endsWith('\\')) continue;
      commands.push(pending.replace(/\s+#(\s.*)?$/, '').trimEnd());
      pending = '';
    }
  }
  return commands;
}

/** The command as the doc shows it; throws when the doc no longer shows it, so its test fails. */
export function documentedCommand(doc: DeploymentDoc, command: string): string {
  if (!commandsOf(doc).includes(command)) throw new Error(`${doc} does not show \`${command}\` any more`);
  return command;
}

/**
 * The one command of the doc whose first line starts with `start`: for a command written over
 * several lines (`\` at their ends), which a test names by its first words.
 */
export function documentedCommandStartingWith(doc: DeploymentDoc, start: string): string {
  const found = commandsOf(doc).filter((command) => command.startsWith(start));
  if (found.length !== 1)
    throw new Error(`${doc} shows ${found.length} commands starting \`${start}\`, not one`);
  return found[0]!;
}

/** How a test names a command in its source: whole, or by its first line when it has several. */
export function nameInSource(command: string): string {
  const [first = ''] = command.split('\n');
  return command.includes('\n') ? `'${first.replace(/\s*\\$/, '')}` : `'${command}'`;
}

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a documented command through `sh -c`, exactly as written, and resolves with how it ended. */
export function runDocumented(
  command: string,
  options: { cwd?: string; env?: Readonly<Record<string, string | undefined>> } = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      'sh',
      ['-c', command],
      { cwd: options.cwd ?? CHECKOUT, env: { ...process.env, ...options.env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });
}
