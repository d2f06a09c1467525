// Live progress of a campaign: a bar per running claim with counts on a terminal, plain lines
// otherwise (CI logs, pipes), and the closing summary table.
import cliProgress from 'cli-progress';
import chalk from 'chalk';
import type { ProgressEvent } from '../campaign/campaign.js';
import type { ClaimStatus, Report } from '../report/types.js';

export interface Progress {
  onEvent: (e: ProgressEvent) => void;
  stop: () => void;
}

const STATUS_STYLE: Record<ClaimStatus, (s: string) => string> = {
  held: chalk.green,
  'counterexample-certified': chalk.green,
  falsified: chalk.red.bold,
  'counterexample-not-found': chalk.red,
  numerical: chalk.yellow,
  inconclusive: chalk.yellow,
  'insufficient-evidence': chalk.yellow,
  error: chalk.magenta,
  'not-run': chalk.gray,
};

export function styleStatus(s: ClaimStatus): string {
  return STATUS_STYLE[s](s);
}

export function progressFor(stream: NodeJS.WriteStream, total: number): Progress {
  if (!stream.isTTY) {
    let finished = 0;
    return {
      onEvent: (e) => {
        if (e.kind === 'start') stream.write(`${e.key}: ${e.total} runs\n`);
        if (e.kind === 'end') {
          finished++;
          stream.write(`${e.key}: ${e.record.status} after ${e.record.runs} runs in ${(e.ms / 1000).toFixed(1)} s [${finished}/${total}]\n`);
        }
      },
      stop: () => undefined,
    };
  }
  const multi = new cliProgress.MultiBar(
    { format: ' {key} [{bar}] {value}/{total} runs {note}', hideCursor: true, clearOnComplete: false, stopOnComplete: false, stream },
    cliProgress.Presets.shades_classic,
  );
  const overall = multi.create(total, 0, { key: 'claims'.padEnd(14), note: '' });
  const bars = new Map<string, cliProgress.SingleBar>();
  return {
    onEvent: (e) => {
      if (e.kind === 'start') bars.set(e.key, multi.create(e.total, 0, { key: e.key.padEnd(14), note: '' }));
      else if (e.kind === 'run') bars.get(e.key)?.update(e.done);
      else {
        const bar = bars.get(e.key);
        bar?.update(e.record.runs, { note: styleStatus(e.record.status) });
        bar?.stop();
        overall.increment();
      }
    },
    stop: () => multi.stop(),
  };
}

export function summaryTable(r: Report): string[] {
  const rows = r.claims.map((c) => [
    c.key, c.direction, styleStatus(c.status), c.asExpected ? chalk.green('✓') : chalk.red('✗'),
    String(c.runs), `${c.conclusive}/${c.vacuous}/${c.inconclusive}`, `${((r.timing.perClaimMs[c.key] ?? 0) / 1000).toFixed(1)} s`,
  ]);
  const head = ['claim', 'direction', 'status', 'ok', 'runs', 'concl/vac/inconcl', 'time'];
  // chalk codes do not count toward the width.
  const strip = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => strip(row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - strip(c).length)).join('  ');
  return [line(head.map((h) => chalk.bold(h))), ...rows.map(line)];
}
