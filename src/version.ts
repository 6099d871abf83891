import { readFileSync } from 'node:fs';
import * as z from 'zod';

/**
 * The bot's version: the `version` of the package.json it ships with, read once. Every built entry
 * point sits one folder below the package root (dist/main.js, dist/cli/…js reach it through
 * dist/version.js; src/ under tsx likewise), and the image copies package.json beside dist/.
 */
export const VERSION: string = z
  .object({ version: z.string().min(1) })
  .parse(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))).version;
