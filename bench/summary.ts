import type { ApprovalFigures, ApprovalSample } from './approval-phase.js';
import type { AuditFigures } from './audit-phase.js';
import type { AuditScaleFigures } from './audit-scale-phase.js';
import { BUDGETED_ACTIONS, type ResetCallCount } from './aws-calls-phase.js';
import { type BurstFigures, burstReport } from './burst-phase.js';
import type { ProcessFigures } from './process-phase.js';
import { mib, ms, ratio, table, type Verdict, verdictLine } from './report.js';
import { median, percentile } from './stats.js';

/** What the budget column says of a figure shown for information: CPU per command above all. */
const NOT_A_BUDGET = 'info, not a budget';

/** Prints the figures and one verdict line per budget; returns whether the exact checks hold. */
export function printReport(input: {
  processes: ProcessFigures;
  approval: ApprovalFigures;
  calls: readonly ResetCallCount[];
  audit: AuditFigures;
  auditScale: AuditScaleFigures;
  burst: BurstFigures;
  elapsedMs: number;
  write: (text: string) => void;
}): boolean {
  const { processes: p, approval, calls, audit, write } = input;
  const verdicts: Verdict[] = [];

  // 1–3
  const compare = (
    label: string,
    bot: number,
    bare: number,
    budget?: { max: number; name: string },
    format: (value: number) => string = ms,
  ) => {
    const r = bot / bare;
    if (budget !== undefined) {
      verdicts.push({
        budget: `${budget.name} ≤ ${budget.max.toFixed(1)}× the bare app`,
        figure: `${ratio(r)} (${format(bot)} vs ${format(bare)})`,
        within: r <= budget.max,
        exact: false,
      });
    }
    return [
      label,
      format(bot),
      format(bare),
      ratio(r),
      budget === undefined ? 'info' : `≤ ${budget.max.toFixed(1)}×`,
    ];
  };
  /**
   * A figure measured in rounds that ran both apps under the same load: the medians of each side
   * for reading, and the median of the rounds' own ratios (the verdict, when it has a budget).
   */
  const paired = (
    label: string,
    values: { bot: readonly number[]; bare: readonly number[] },
    ratios: readonly number[],
    budget?: { max: number; name: string },
  ) => {
    const r = median(ratios);
    if (budget !== undefined) {
      verdicts.push({
        budget: `${budget.name} ≤ ${budget.max.toFixed(1)}× the bare app`,
        figure: `${ratio(r)}, median of ${ratios.length} paired ratios (medians ${ms(median(values.bot))} vs ${ms(median(values.bare))} ms)`,
        within: r <= budget.max,
        exact: false,
      });
    }
    const limit = budget === undefined ? NOT_A_BUDGET : `≤ ${budget.max.toFixed(1)}×`;
    return [label, ms(median(values.bot)), ms(median(values.bare)), ratio(r), limit];
  };
  const cpuRatios = p.cpuPerCommandMs.bot.map((bot, i) => bot / p.cpuPerCommandMs.bare[i]!);
  const open = p.commandToOpenMs;
  const all = p.rssAfterAllMiB;
  write(
    `\n1–3. Bot (node dist/main.js) vs bare Bolt app, same run, same fakes (${open.bot.length} commands each after warm-up)\n`,
  );
  write(
    table(
      ['figure', 'bot', 'bare', 'ratio', 'budget'],
      [
        compare('command → views.open p50 (ms)', percentile(open.bot, 50), percentile(open.bare, 50), {
          max: 1.2,
          name: 'command → views.open p50',
        }),
        compare('command → views.open p99 (ms)', percentile(open.bot, 99), percentile(open.bare, 99), {
          max: 1.2,
          name: 'command → views.open p99',
        }),
        compare('command → views.open max (ms)', Math.max(...open.bot), Math.max(...open.bare)),
        paired(`start-up, ${p.startupRatios.length} rounds (ms)`, p.startupMs, p.startupRatios, {
          max: 1.0,
          name: 'start-up',
        }),
        compare('start-up CPU time, median (ms)', median(p.startupCpuMs.bot), median(p.startupCpuMs.bare)),
        paired(`CPU per /mfa-reset, ${cpuRatios.length} batches (ms)`, p.cpuPerCommandMs, cpuRatios),
        compare(
          `CPU per /mfa-reset, first ${p.coldCpuPerCommandMs.commands} after start (ms)`,
          p.coldCpuPerCommandMs.bot,
          p.coldCpuPerCommandMs.bare,
        ),
        compare(
          'RSS after start-up, median (MiB)',
          median(p.rssAfterStartMiB.bot),
          median(p.rssAfterStartMiB.bare),
          { max: 1.5, name: 'resident memory after start-up' },
          mib,
        ),
        compare(
          'RSS after 50 commands (MiB)',
          p.rssAfter50MiB.bot,
          p.rssAfter50MiB.bare,
          { max: 1.5, name: 'resident memory after 50 commands' },
          mib,
        ),
        compare(`RSS after ${all.commands} commands (MiB)`, all.bot, all.bare, undefined, mib),
        compare('peak RSS, VmHWM (MiB)', p.peakRssMiB.bot, p.peakRssMiB.bare, undefined, mib),
      ],
    ),
  );
  const runs = (values: readonly number[]) => values.map((v) => v.toFixed(0)).join(', ');
  write(`start-up runs (ms): bot ${runs(p.startupMs.bot)}; bare ${runs(p.startupMs.bare)}`);
  const tenths = (values: readonly number[]) => values.map((v) => v.toFixed(1)).join(', ');
  write(
    `CPU per /mfa-reset by batch (ms, information only, not a budget): bot ${tenths(p.cpuPerCommandMs.bot)}; bare ${tenths(p.cpuPerCommandMs.bare)}`,
  );

  // 4
  const samples = approval.samples;
  const column = (pick: (s: ApprovalSample) => number) => {
    const values = samples.map(pick);
    return [ms(median(values)), ms(percentile(values, 90)), ms(Math.max(...values))];
  };
  const callsOf = (pick: (s: ApprovalSample) => number) => median(samples.map(pick)).toFixed(0);
  const floor = median(samples.map((s) => s.iamStsCalls)) * approval.injectedLatencyMs;
  write(
    `\n4. Approval submission → answer, two devices, ${approval.injectedLatencyMs} ms injected on every IAM/STS action (${samples.length} approvals)\n`,
  );
  write(
    table(
      ['figure (ms)', 'median', 'p90', 'max'],
      [
        ['total (as Slack waits for it)', ...column((s) => s.totalMs)],
        [
          `waiting on IAM/STS (${callsOf((s) => s.iamStsCalls)} calls, floor ${floor.toFixed(0)})`,
          ...column((s) => s.iamStsMs),
        ],
        [`waiting on DynamoDB (${callsOf((s) => s.dynamoCalls)} calls)`, ...column((s) => s.dynamoMs)],
        [`waiting on the Slack API (${callsOf((s) => s.slackCalls)} calls)`, ...column((s) => s.slackMs)],
        ['work beyond AWS calls = total − AWS waits', ...column((s) => s.totalMs - s.awsMs)],
        ['own CPU work = total − all waits', ...column((s) => s.totalMs - s.allWaitsMs)],
      ],
    ),
  );
  const beyondAws = percentile(
    samples.map((s) => s.totalMs - s.awsMs),
    90,
  );
  verdicts.push({
    budget: "the bot's own work on an approval ≤ 50 ms beyond the AWS calls (p90)",
    figure: `${ms(beyondAws)} ms (median ${ms(median(samples.map((s) => s.totalMs - s.awsMs)))} ms)`,
    within: beyondAws <= 50,
    exact: false,
  });

  // 5
  write('\n5. AWS calls per reset, from /mfa-reset to the reset done (got/budget)\n');
  const others = (row: ResetCallCount) =>
    Object.entries(row.calls)
      .filter(([action]) => action !== 'GetUser' && !(BUDGETED_ACTIONS as readonly string[]).includes(action))
      .map(([action, count]) => `${action} ${count}`)
      .join(', ') || '0';
  write(
    table(
      ['reset', ...BUDGETED_ACTIONS, 'other', 'identity (GetUser)', 'risk facts', 'check'],
      calls.map((row) => [
        row.label,
        ...BUDGETED_ACTIONS.map((action) => `${row.calls[action] ?? 0}/${row.expected[action] ?? 0}`),
        others(row),
        String(row.identity),
        String(row.riskFacts),
        row.excess.length === 0 ? 'exact' : row.excess.join('; '),
      ]),
      [BUDGETED_ACTIONS.length + 4],
    ),
  );
  const callProblems = calls.flatMap((row) => row.excess.map((e) => `${row.label}: ${e}`));
  verdicts.push({
    budget: 'AWS calls per reset = 1 ListMFADevices + 1 GetSessionToken + per device Deactivate (+ Delete)',
    figure:
      callProblems.length === 0
        ? `exact for ${calls.map((row) => row.kinds.length).join(', ')} devices (+ ${calls[0]?.identity ?? 0} identity GetUser, + ${calls[0]?.riskFacts ?? 0} risk-fact reads at submission)`
        : callProblems.join('; '),
    within: callProblems.length === 0,
    exact: true,
  });

  // 6
  write('\n6. Audit queries: items DynamoDB read / events returned (requests), at each table size\n');
  const [first] = audit.sizes;
  write(
    table(
      ['query', ...audit.sizes.map((size) => `${size.tableItems} items`)],
      (first?.queries ?? []).map((query, index) => [
        query.name,
        ...audit.sizes.map((size) => {
          const cost = size.queries[index]!;
          return `${cost.itemsRead} / ${cost.returned} (${cost.requests})`;
        }),
      ]),
    ),
  );
  verdicts.push({
    budget: 'audit queries cost O(result), not O(table)',
    figure:
      audit.violations.length === 0
        ? `items read unchanged from ${first?.tableItems} to ${audit.sizes.at(-1)?.tableItems} table items`
        : audit.violations.join('; '),
    within: audit.violations.length === 0,
    exact: true,
  });

  // 7
  const { auditScale } = input;
  write('\n7. Audit review as the trail grows: items read / events returned, latency median (p90) in ms\n');
  const sizes = [...new Set(auditScale.rows.map((row) => row.tableEvents))];
  const names = [...new Set(auditScale.rows.map((row) => row.query))];
  const cell = (name: string, size: number) =>
    auditScale.rows.find((r) => r.query === name && r.tableEvents === size);
  write(
    table(
      ['query', ...sizes.map((size) => `${size} events`), 'latency ratio'],
      names.map((name) => {
        const first = cell(name, sizes[0]!);
        const last = cell(name, sizes.at(-1)!);
        return [
          name,
          ...sizes.map((size) => {
            const row = cell(name, size)!;
            return `${row.itemsRead} / ${row.returned}, ${ms(row.p50Ms)} (${ms(row.p90Ms)})`;
          }),
          ratio((last?.p50Ms ?? Number.NaN) / (first?.p50Ms ?? Number.NaN)),
        ];
      }),
    ),
  );
  verdicts.push({
    budget: 'the audit review reads the same items however large the trail',
    figure:
      auditScale.violations.length === 0
        ? `items read unchanged from ${sizes[0]} to ${sizes.at(-1)} events`
        : auditScale.violations.join('; '),
    within: auditScale.violations.length === 0,
    exact: true,
  });

  write(burstReport(input.burst));
  const { rows } = input.burst;
  const unfinished = rows.filter((row) => row.completed < row.inFlight);
  verdicts.push({
    budget: 'every approval of every burst completed (one and two replicas)',
    figure: `${rows.map((row) => `${row.completed}/${row.inFlight} on ${row.replicas}`).join(', ')}; approvals/s ${rows.map((row) => row.approvalsPerSecond.toFixed(1)).join(', ')}`,
    within: unfinished.length === 0,
    // A burst is given a time limit on a shared machine: a miss is reported, not failed on.
    exact: false,
  });
  write(`\nVerdicts (run took ${(input.elapsedMs / 1000).toFixed(0)} s):`);
  for (const verdict of verdicts) write(verdictLine(verdict));
  return verdicts.every((verdict) => verdict.within || !verdict.exact);
}
