import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { projectRoot } from '../test/harness/app-processes.js';

/** Apps as processes: the harness's, shared with the tests (test/harness/app-processes.ts). */
export {
  type AppProcess,
  type AppSpec,
  projectRoot,
  spawnApp,
} from '../test/harness/app-processes.js';

/**
 * Transpiles bench/bare-app-main.ts and the harness's bare-bolt-app.ts to JavaScript under
 * .cache/bench (inside the project, so `@slack/bolt` resolves from node_modules) and returns the
 * entry point. Type-only imports vanish, exactly as tsc would emit them.
 */
export async function buildBareApp(): Promise<string> {
  const outRoot = join(projectRoot, '.cache', 'bench', 'bare-app');
  for (const relative of ['bench/bare-app-main.ts', 'test/harness/slack/bare-bolt-app.ts']) {
    const source = await readFile(join(projectRoot, relative), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: relative,
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
    });
    const out = join(outRoot, relative.replace(/\.ts$/, '.js'));
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, outputText);
  }
  return join(outRoot, 'bench', 'bare-app-main.js');
}
