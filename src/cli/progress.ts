// Live progress of a campaign and its closing summary, sized for the smallest usual terminal (80 × 24):
// on a terminal one block redrawn in place, an aggregate bar plus one line per running claim (never taller
// than the screen, whatever the number of claims); plain lines otherwise (CI logs, pipes). Statuses are
// never cut: when a line is too narrow, the claim key and the bar give way first.
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

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
/** Visible width: colour codes take no columns (the characters used here are all one column wide). */
export function visibleWidth(s: string): number {
  return [...s.replace(ANSI, '')].length;
}

function bar(done: number, total: number, width: number): string {
  if (width < 3) return '';
  const inner = width - 2;
  const full = total > 0 ? Math.min(inner, Math.round((done / total) * inner)) : 0;
  return `[${'█'.repeat(full)}${'░'.repeat(inner - full)}]`;
}

/** A key cut to `width` columns with an ellipsis, so the status after it always fits. */
function fitKey(key: string, width: number): string {
  return key.length <= width ? key.padEnd(width) : `${key.slice(0, Math.max(0, width - 1))}…`;
}

interface Running { key: string; done: number; total: number }

/** The block shown on a terminal: at most `rows` lines of at most `cols` columns. */
export function renderBlock(state: { finished: number; total: number; running: Running[]; last: string | null }, cols: number, rows: number): string[] {
  const lines: string[] = [];
  const count = `${state.finished}/${state.total} claims`;
  lines.push(` ${bar(state.finished, state.total, Math.max(0, Math.min(40, cols - count.length - 3)))} ${count}`);
  const room = Math.max(0, rows - 2); // the aggregate line and the last-finished line
  const shown = state.running.length > room ? state.running.slice(0, Math.max(0, room - 1)) : state.running;
  for (const r of shown) {
    const counts = `${r.done}/${r.total}`;
    const keyWidth = Math.min(22, Math.max(4, cols - counts.length - 14));
    const barWidth = Math.max(0, Math.min(30, cols - keyWidth - counts.length - 4));
    lines.push(` ${fitKey(r.key, keyWidth)} ${bar(r.done, r.total, barWidth)} ${counts}`);
  }
  if (shown.length < state.running.length) lines.push(` … and ${state.running.length - shown.length} more running`);
  if (state.last !== null && lines.length < rows) lines.push(state.last);
  return lines.slice(0, Math.max(1, rows));
}

/** Redraw at most this often: a claim reports every run, thousands per second. */
const FRAME_MS = 100;

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
  const running = new Map<string, Running>();
  let finished = 0;
  let last: string | null = null;
  let drawn = 0;
  let lastFrame = 0;
  let stopped = false;
  const draw = (force: boolean) => {
    const now = Date.now();
    if (stopped || (!force && now - lastFrame < FRAME_MS)) return;
    lastFrame = now;
    const cols = Math.max(20, stream.columns ?? 80);
    const rows = Math.max(3, (stream.rows ?? 24) - 1);
    const lines = renderBlock({ finished, total, running: [...running.values()], last }, cols - 1, rows);
    // Up to the block's first line, clear to the end of the screen, write the new block.
    stream.write(`${drawn > 0 ? `\u001b[${drawn}F` : '\r'}\u001b[J${lines.join('\n')}\n`);
    drawn = lines.length;
  };
  stream.write('\u001b[?25l'); // hide the cursor while redrawing
  return {
    onEvent: (e) => {
      if (e.kind === 'start') running.set(e.key, { key: e.key, done: 0, total: e.total });
      else if (e.kind === 'run') {
        const r = running.get(e.key);
        if (r) r.done = e.done;
      } else {
        running.delete(e.key);
        finished++;
        const cols = Math.max(20, (stream.columns ?? 80) - 1);
        const tail = ` ${styleStatus(e.record.status)} (${e.record.runs} runs, ${(e.ms / 1000).toFixed(1)} s)`;
        last = ` last: ${fitKey(e.key, Math.max(4, Math.min(e.key.length, cols - visibleWidth(tail) - 7))).trimEnd()}${tail}`;
      }
      draw(e.kind !== 'run');
    },
    stop: () => {
      if (stopped) return;
      draw(true);
      stopped = true;
      stream.write('\u001b[?25h');
    },
  };
}

/** The table's columns, most important first; the optional ones are dropped when the table would pass `width`. */
export function summaryTable(r: Report, width = 80): string[] {
  const columns: { head: string; optional: boolean; right?: boolean; cell: (c: Report['claims'][number]) => string }[] = [
    { head: 'claim', optional: false, cell: (c) => c.key },
    { head: 'direction', optional: true, cell: (c) => c.direction },
    { head: 'status', optional: false, cell: (c) => styleStatus(c.status) },
    { head: 'ok', optional: false, cell: (c) => (c.asExpected ? chalk.green('✓') : chalk.red('✗')) },
    { head: 'runs', optional: false, right: true, cell: (c) => String(c.runs) },
    { head: 'concl/vac/inc', optional: true, cell: (c) => `${c.conclusive}/${c.vacuous}/${c.inconclusive}` },
    { head: 'time', optional: false, right: true, cell: (c) => `${((r.timing.perClaimMs[c.key] ?? 0) / 1000).toFixed(1)} s` },
  ];
  const layout = (cols: typeof columns) => {
    const cells = r.claims.map((c) => cols.map((col) => col.cell(c)));
    const widths = cols.map((col, i) => Math.max(col.head.length, ...cells.map((row) => visibleWidth(row[i] ?? ''))));
    return { cols, cells, widths, total: widths.reduce((a, b) => a + b, 0) + 2 * (cols.length - 1) };
  };
  let t = layout(columns);
  for (const drop of ['direction', 'concl/vac/inc']) {
    if (t.total <= width) break;
    t = layout(t.cols.filter((c) => c.head !== drop));
  }
  const line = (cells: string[]) =>
    cells
      .map((c, i) => {
        const pad = ' '.repeat((t.widths[i] ?? 0) - visibleWidth(c));
        return t.cols[i]?.right ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(t.cols.map((c) => chalk.bold(c.head))), ...t.cells.map(line)];
}
