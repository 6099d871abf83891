#!/usr/bin/env node
// Prints the test runs' own counts from vitest's JSON reports: one line per run, then the total as
// the plain last line "N passed, M failed" (", K skipped" when some were skipped), so every CI
// record shows how many tests ran. Arguments: reports as `LABEL=PATH` (or a bare PATH).
import { existsSync, readFileSync } from 'node:fs';

const runs = process.argv.slice(2);
if (runs.length === 0) runs.push('reports/vitest.json');

const line = ({ passed, failed, skipped }) =>
  `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;

const total = { passed: 0, failed: 0, skipped: 0 };
for (const run of runs) {
  const [label, path] = run.includes('=') ? run.split('=', 2) : [run, run];
  if (!existsSync(path)) {
    console.log(`  ${label}: no test report (${path}): the run stopped before its tests ran`);
    continue;
  }
  const report = JSON.parse(readFileSync(path, 'utf8'));
  const counts = {
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
  for (const key of Object.keys(total)) total[key] += counts[key];
  if (runs.length > 1) console.log(`  ${label} — ${line(counts)}`);
}
console.log(line(total));
