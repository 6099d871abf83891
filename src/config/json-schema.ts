import * as z from 'zod';
import { configFileSchema } from './config-file-schema.js';

/**
 * The JSON Schema of the YAML config file, for editors (the YAML language server reads it from a
 * `# yaml-language-server: $schema=…` comment). Generated from the zod schema so the two cannot drift.
 */
export function policyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configFileSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'mfa-reset-bot configuration',
  };
}
