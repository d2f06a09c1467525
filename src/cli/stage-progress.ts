// Progress of long blocked work (the real-size compare): stage, blocks done, ETA. On a terminal one line
// that rewrites itself; otherwise (logs, CI) plain lines, at most one per stage every 10 s plus the start
// and the end of each stage, so a log stays readable.
export interface StageProgress {
  /** The ProgressSink of the blocked engine. */
  update(stage: string, done: number, total: number): void;
  /** Clear the terminal line (call before printing the result). */
  end(): void;
}

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const PLAIN_EVERY_MS = 10_000;

export function stageProgress(stream: ProgressStream = process.stderr, now: () => number = Date.now): StageProgress {
  const tty = stream.isTTY === true;
  let stage = '', started = 0, lastPlain: number | null = null, drawn = false;
  return {
    update(name, done, total) {
      const t = now();
      if (name !== stage) {
        stage = name;
        started = t;
        lastPlain = null;
      }
      const elapsed = (t - started) / 1000;
      // ETA from the rate so far in this stage: blocks are of equal size within a pass.
      const eta = done > 0 ? (elapsed * (total - done)) / done : NaN;
      if (tty) {
        const width = 24, filled = Math.round((width * done) / Math.max(total, 1));
        const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
        const line = `${stage}  ${bar}  ${done}/${total} blocks  ${done < total ? `ETA ${formatDuration(eta)}` : `done in ${formatDuration(elapsed)}`}`;
        stream.write(`\r\x1b[2K${line.slice(0, Math.max(20, (stream.columns ?? 100) - 1))}`);
        drawn = true;
        return;
      }
      if (done === total) stream.write(`${stage}: ${done}/${total} blocks, done in ${formatDuration(elapsed)}\n`);
      else if (lastPlain === null || t - lastPlain >= PLAIN_EVERY_MS) {
        stream.write(`${stage}: ${done}/${total} blocks${done > 0 ? `, ETA ${formatDuration(eta)}` : ''}\n`);
        lastPlain = t;
      }
    },
    end() {
      if (tty && drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

/**
 * Run long blocked work with its progress on stderr (a line that rewrites itself on a terminal, plain lines
 * otherwise), the line cleared before the result is printed, whether the work ends or fails.
 */
export async function withProgress<T>(work: (progress: (stage: string, done: number, total: number) => void) => Promise<T>): Promise<T> {
  const p = stageProgress();
  try {
    return await work(p.update);
  } finally {
    p.end();
  }
}
