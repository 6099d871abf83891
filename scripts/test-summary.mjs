#!/usr/bin/env node
// Prints the test run's own counts from vitest's JSON report as the plain line "N passed, M failed"
// (", K skipped" when some were skipped), so every CI record shows how many tests ran.
import { existsSync, readFileSync } from 'node:fs';

const path = process.argv[2] ?? 'reports/vitest.json';
if (!existsSync(path)) {
  console.log(`No test report at ${path}: the typecheck or lint failed before the tests ran.`);
  console.log('0 passed, 0 failed');
  process.exit(0);
}
const report = JSON.parse(readFileSync(path, 'utf8'));
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(
  `${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`,
);
