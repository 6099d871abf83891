// Writes config.schema.json from the zod schema: `npm run config:schema`.
import { writeFileSync } from 'node:fs';
import { policyJsonSchema } from '../src/config/json-schema.js';

writeFileSync(
  new URL('../config.schema.json', import.meta.url),
  `${JSON.stringify(policyJsonSchema(), null, 2)}\n`,
);
console.log('wrote config.schema.json');
