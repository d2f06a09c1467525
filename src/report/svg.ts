// The report's plots as inline SVG strings: no library, no external resource, deterministic output.
// Two pictures where a table would hide the point: the spectrum of L against the rank threshold (where
// the numerical rank comes from), and residual against conditioning with the tolerance rule (why a
// failure counts as genuine, as rounding, or as no verdict at all).
import { escapeHtml, sci } from './format.js';
import type { Report } from './types.js';

/** Coordinates are rounded to 0.01 px so the text is short and the same on every platform. */
const px = (x: number): string => String(Math.round(x * 100) / 100);

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** 10^k as "10⁻⁹", the way a reader writes it. */
function decadeLabel(k: number): string {
  if (k === 0) return '1';
  if (k === 1) return '10';
  return `10${String(k).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;
}

/** A log10 axis over whole decades [10^lo, 10^hi], mapped onto [a, b] pixels (b < a for y). */
class LogAxis {
  constructor(
    readonly lo: number,
    readonly hi: number,
    private readonly a: number,
    private readonly b: number,
  ) {}

  static covering(values: readonly number[], minDecades = 2): [number, number] {
    const logs = values.filter((v) => v > 0 && Number.isFinite(v)).map(Math.log10);
    let lo = Math.floor(Math.min(...logs)), hi = Math.ceil(Math.max(...logs));
    if (hi - lo < minDecades) hi = lo + minDecades;
    return [lo, hi];
  }

  at(v: number): number {
    const t = (Math.log10(v) - this.lo) / (this.hi - this.lo);
    return this.a + t * (this.b - this.a);
  }

  /** Decades to label: every one when they fit, else every 2nd, 3rd, … so labels never crowd. */
  ticks(maxLabels: number): number[] {
    const step = Math.max(1, Math.ceil((this.hi - this.lo) / maxLabels));
    const out: number[] = [];
    for (let k = this.hi; k >= this.lo; k -= step) out.push(k);
    return out.reverse();
  }
}

const FONT = 'font-family="inherit" fill="currentColor"';

function yAxis(axis: LogAxis, x0: number, x1: number, maxLabels: number, title: string, titleX: number, midY: number): string {
  const parts = axis.ticks(maxLabels).map((k) => {
    const y = px(axis.at(10 ** k));
    return `<line x1="${px(x0)}" x2="${px(x1)}" y1="${y}" y2="${y}" class="grid"/>` +
      `<text x="${px(x0 - 6)}" y="${y}" dy="0.32em" text-anchor="end" font-size="11" ${FONT}>${decadeLabel(k)}</text>`;
  });
  parts.push(`<text transform="translate(${px(titleX)} ${px(midY)}) rotate(-90)" text-anchor="middle" font-size="12" ${FONT}>${escapeHtml(title)}</text>`);
  return parts.join('');
}

const STYLE = '<style>.grid{stroke:currentColor;stroke-opacity:.12;stroke-width:1}.frame{fill:none;stroke:currentColor;stroke-opacity:.45}</style>';

function open(kind: string, width: number, height: number, title: string, desc: string): string {
  return `<svg class="plot" data-plot="${kind}" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<title>${escapeHtml(title)}</title><desc>${escapeHtml(desc)}</desc>${STYLE}`;
}

export interface SpectrumInput {
  /** Distinguishes the SVG's <title> ("C8, model 1"). */
  label: string;
  spectrum: readonly number[];
  rankRtol: number;
}

/**
 * The singular values of L as bars on a log axis with the rank threshold rankRtol · σ₁ drawn across: bars
 * above it count towards the rank. Exact zeros (and anything below the axis) sit on the floor, marked "0".
 */
export function spectrumSvg({ label, spectrum, rankRtol }: SpectrumInput): string {
  const W = 340, H = 230, L = 58, R = 14, T = 16, B = 40;
  const s1 = spectrum[0] ?? 0;
  const threshold = rankRtol * s1;
  const title = `Singular values of L, ${label}`;
  const desc = spectrum.length === 0 || s1 <= 0
    ? 'L is zero: no singular value above the threshold.'
    : `σ = ${spectrum.map(sci).join(', ')}; rank threshold ${sci(threshold)}; numerical rank ${spectrum.filter((s) => s > threshold).length}.`;
  if (spectrum.length === 0 || s1 <= 0) {
    return `${open('spectrum', W, H, title, desc)}<text x="${W / 2}" y="${H / 2}" text-anchor="middle" font-size="13" ${FONT}>L = 0</text></svg>`;
  }
  // The axis covers σ₁ and the threshold; anything far below is clipped to the floor rather than letting
  // one 1e-300 stretch the axis over 300 decades.
  const [lo0, hi] = LogAxis.covering([s1 * 1.5, threshold / 10, ...spectrum.filter((s) => s >= threshold * 1e-12)]);
  const lo = Math.max(lo0, hi - 24);
  const y = new LogAxis(lo, hi, H - B, T);
  const floor = 10 ** lo;
  const n = spectrum.length, slot = (W - L - R) / n, bw = Math.min(36, slot * 0.6);
  const parts = [open('spectrum', W, H, title, desc), yAxis(y, L, W - R, 6, 'σᵢ (log scale)', 14, (T + H - B) / 2)];
  spectrum.forEach((s, i) => {
    const cx = L + slot * (i + 0.5);
    const above = s > threshold;
    if (s > floor) {
      const top = y.at(s);
      parts.push(`<rect class="sigma" x="${px(cx - bw / 2)}" y="${px(top)}" width="${px(bw)}" height="${px(H - B - top)}" rx="2" fill="${above ? '#2f6fdb' : '#9aa4b2'}"><title>σ${i + 1} = ${escapeHtml(String(s))}</title></rect>`);
    } else {
      parts.push(`<text x="${px(cx)}" y="${px(H - B - 5)}" text-anchor="middle" font-size="11" fill="#6b7280">${s === 0 ? '0' : '≈0'}</text>`);
    }
    parts.push(`<text x="${px(cx)}" y="${px(H - B + 15)}" text-anchor="middle" font-size="11" ${FONT}>σ${n <= 12 ? String(i + 1).replace(/./g, (c) => '₀₁₂₃₄₅₆₇₈₉'[Number(c)]!) : ''}</text>`);
  });
  const ty = y.at(threshold);
  parts.push(
    `<line class="threshold" x1="${L}" x2="${W - R}" y1="${px(ty)}" y2="${px(ty)}" stroke="#d1242f" stroke-width="1.5" stroke-dasharray="5 3"/>`,
    `<text x="${W - R - 2}" y="${px(ty - 5)}" text-anchor="end" font-size="11" fill="#d1242f">rank threshold ${escapeHtml(sci(rankRtol))}·σ₁</text>`,
    `<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - B - T}" class="frame"/>`,
    `<text x="${px((L + W - R) / 2)}" y="${H - 6}" text-anchor="middle" font-size="11" fill="#6b7280">bars above the line count towards rank L</text>`,
    '</svg>',
  );
  return parts.join('');
}

export interface ResidualPoint {
  key: string;
  kappa: number;
  residual: number;
  /** Exact re-verification confirmed the failure (a genuine counterexample) rather than clearing it. */
  genuine: boolean;
}

/**
 * Residual against conditioning on log-log axes: the tolerance rule tol(κ) = baseTol · max(1, κ/condAnchor)
 * as a line, everything beyond condMax shaded (no verdict is drawn there), and each counterexample as a
 * labelled point. Rounding artefacts sit just above the line; genuine counterexamples decades above it.
 */
export function residualSvg(points: readonly ResidualPoint[], t: Pick<Report['tolerances'], 'baseTol' | 'condAnchor' | 'condMax'>): string {
  const W = 760, H = 400, L = 64, R = 20, T = 40, B = 46;
  const tol = (k: number): number => t.baseTol * Math.max(1, k / t.condAnchor);
  const usable = points.filter((p) => p.kappa > 0 && p.residual > 0 && Number.isFinite(p.kappa) && Number.isFinite(p.residual));
  const [xlo, xhi] = LogAxis.covering([1, t.condMax * 100, ...usable.map((p) => p.kappa * 10)]);
  const [ylo, yhi] = LogAxis.covering([t.baseTol / 1000, tol(10 ** xhi), 1, ...usable.map((p) => p.residual * 10), ...usable.map((p) => p.residual / 10)]);
  const x = new LogAxis(xlo, xhi, L, W - R), y = new LogAxis(ylo, yhi, H - B, T);
  const clampY = (v: number): number => Math.min(H - B, Math.max(T, y.at(v)));
  const title = 'Residual against conditioning';
  const desc = `tol(κ) = ${sci(t.baseTol)} · max(1, κ / ${sci(t.condAnchor)}); inconclusive beyond κ = ${sci(t.condMax)}. ` +
    (usable.length ? usable.map((p) => `${p.key}: κ ${sci(p.kappa)}, residual ${sci(p.residual)}`).join('; ') : 'no counterexample');
  const parts = [open('residual-vs-kappa', W, H, title, desc)];

  // Shaded first so grid lines and points draw over it.
  const cx = x.at(t.condMax);
  parts.push(
    `<rect x="${px(cx)}" y="${T}" width="${px(W - R - cx)}" height="${H - B - T}" fill="#8b949e" fill-opacity=".18"/>`,
    `<text x="${px((cx + W - R) / 2)}" y="${T + 16}" text-anchor="middle" font-size="11" fill="#57606a">inconclusive</text>`,
    `<text x="${px((cx + W - R) / 2)}" y="${T + 30}" text-anchor="middle" font-size="11" fill="#57606a">κ &gt; condMax</text>`,
  );
  // Under the line: within tolerance, the check passes.
  const line = [10 ** xlo, t.condAnchor, 10 ** xhi].map((k) => `${px(x.at(k))},${px(clampY(tol(k)))}`);
  parts.push(`<polygon points="${line.join(' ')} ${px(W - R)},${H - B} ${L},${H - B}" fill="#1a7f37" fill-opacity=".08"/>`);

  parts.push(yAxis(y, L, W - R, 8, 'relative residual', 16, (T + H - B) / 2));
  for (const k of x.ticks(10)) {
    const xx = px(x.at(10 ** k));
    parts.push(`<line x1="${xx}" x2="${xx}" y1="${T}" y2="${H - B}" class="grid"/>`,
      `<text x="${xx}" y="${H - B + 16}" text-anchor="middle" font-size="11" ${FONT}>${decadeLabel(k)}</text>`);
  }
  parts.push(`<text x="${px((L + W - R) / 2)}" y="${H - 8}" text-anchor="middle" font-size="12" ${FONT}>conditioning κ</text>`);

  parts.push(`<polyline class="tol" points="${line.join(' ')}" fill="none" stroke="#1a7f37" stroke-width="2"/>`);
  const lx = x.at(10 ** xlo) + 8, ly = clampY(tol(10 ** xlo)) - 7;
  parts.push(`<text x="${px(lx)}" y="${px(ly)}" font-size="11" fill="#1a7f37">tol(κ) = ${escapeHtml(sci(t.baseTol))}·max(1, κ/${escapeHtml(sci(t.condAnchor))})</text>`);

  // Labels to the right of their point, pushed apart vertically (in order of height) so close points stay legible.
  const placed = usable
    .map((p) => ({ p, X: x.at(p.kappa), Y: y.at(p.residual) }))
    .sort((a, b) => a.Y - b.Y || a.p.key.localeCompare(b.p.key));
  let last = -Infinity;
  for (const q of placed) {
    const labelY = Math.max(q.Y + 4, last + 14);
    last = labelY;
    const colour = q.p.genuine ? '#cf222e' : '#8250df';
    parts.push(q.p.genuine
      ? `<circle data-key="${escapeHtml(q.p.key)}" cx="${px(q.X)}" cy="${px(q.Y)}" r="5.5" fill="${colour}" stroke="#fff" stroke-width="1.5"/>`
      : `<rect data-key="${escapeHtml(q.p.key)}" x="${px(q.X - 5)}" y="${px(q.Y - 5)}" width="10" height="10" transform="rotate(45 ${px(q.X)} ${px(q.Y)})" fill="${colour}" stroke="#fff" stroke-width="1.5"/>`);
    if (Math.abs(labelY - (q.Y + 4)) > 1) parts.push(`<line x1="${px(q.X + 5)}" y1="${px(q.Y)}" x2="${px(q.X + 10)}" y2="${px(labelY - 4)}" stroke="${colour}" stroke-width="1"/>`);
    parts.push(`<text x="${px(q.X + 11)}" y="${px(labelY)}" font-size="12" font-weight="600" fill="${colour}">${escapeHtml(q.p.key)}</text>`);
  }

  // Legend in the top margin, one row, so it never hides a point or the line.
  const gy = 18, gx = L;
  parts.push(
    `<circle cx="${gx + 5}" cy="${gy}" r="5" fill="#cf222e"/><text x="${gx + 15}" y="${gy + 4}" font-size="11" ${FONT}>genuine counterexample (certified exactly)</text>`,
    `<rect x="${gx + 262}" y="${gy - 4.5}" width="9" height="9" transform="rotate(45 ${gx + 266.5} ${gy})" fill="#8250df"/><text x="${gx + 277}" y="${gy + 4}" font-size="11" ${FONT}>numerical artefact (cleared exactly)</text>`,
    `<line x1="${gx + 500}" x2="${gx + 524}" y1="${gy}" y2="${gy}" stroke="#1a7f37" stroke-width="2"/><text x="${gx + 530}" y="${gy + 4}" font-size="11" ${FONT}>tolerance tol(κ)</text>`,
    `<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - B - T}" class="frame"/>`,
    '</svg>',
  );
  return parts.join('');
}
