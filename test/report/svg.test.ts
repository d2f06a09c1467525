// The plots say what they claim to: in the residual plot a rounding artefact sits on the tolerance line and
// a genuine counterexample far above it; in a spectrum plot exactly the bars above the threshold count.
import { describe, it, expect } from 'vitest';
import { residualSvg, spectrumSvg } from '../../src/report/svg.js';
import { DEFAULT_TOLERANCES } from '../../src/engine/tolerance.js';

const num = (s: string | undefined): number => Number(s);

/** The tolerance polyline as (x, y) pixels, and its height at x (linear between vertices: log-log straight). */
function tolLine(svg: string): (x: number) => number {
  const pts = /<polyline class="tol" points="([^"]+)"/.exec(svg)![1]!.split(' ').map((p) => p.split(',').map(Number) as [number, number]);
  return (x) => {
    for (let i = 1; i < pts.length; i++) {
      const [x0, y0] = pts[i - 1]!, [x1, y1] = pts[i]!;
      if (x >= x0 && x <= x1) return y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
    }
    throw new Error(`x = ${x} outside the line`);
  };
}

function marker(svg: string, key: string): { x: number; y: number } {
  const circle = new RegExp(`<circle data-key="${key}" cx="([^"]+)" cy="([^"]+)"`).exec(svg);
  if (circle) return { x: num(circle[1]), y: num(circle[2]) };
  const diamond = new RegExp(`<rect data-key="${key}" x="([^"]+)" y="([^"]+)"`).exec(svg)!;
  return { x: num(diamond[1]) + 5, y: num(diamond[2]) + 5 };
}

describe('residual against its floor', () => {
  const t = DEFAULT_TOLERANCES;
  const svg = residualSvg([
    { key: 'GEN', floor: 1e-12, residual: 0.3, genuine: true },
    { key: 'NUM', floor: 2.4e-10, residual: 1.3 * 2.4e-10, genuine: false },
    { key: 'LOW', floor: 1e-13, residual: 1.5e-13, genuine: false },
  ], t);
  const line = tolLine(svg);

  it('puts numerical artefacts on the diagonal and genuine counterexamples decades above it', () => {
    for (const key of ['NUM', 'LOW']) {
      const p = marker(svg, key);
      expect(Math.abs(p.y - line(p.x)), key).toBeLessThan(8);
      expect(p.y, `${key} above the line`).toBeLessThan(line(p.x));
    }
    const g = marker(svg, 'GEN');
    expect(line(g.x) - g.y).toBeGreaterThan(150);
  });

  it('draws residual = floor as a straight line', () => {
    const pts = /<polyline class="tol" points="([^"]+)"/.exec(svg)![1]!.split(' ');
    expect(pts).toHaveLength(2);
    expect(svg).toContain('residual = floor');
  });

  it('labels every point with its key, escaped', () => {
    const withTag = residualSvg([{ key: '<b>', floor: 1e-10, residual: 0.1, genuine: true }], t);
    expect(withTag).toContain('>&lt;b&gt;</text>');
    expect(withTag).not.toContain('<b>');
  });

  it('draws an empty plot (the line alone) when there is no counterexample', () => {
    const empty = residualSvg([], t);
    expect(empty).toContain('class="tol"');
    expect(empty).not.toContain('data-key');
  });
});

describe('spectrum of L', () => {
  it('draws a bar above the threshold for each singular value counted in the rank', () => {
    const svg = spectrumSvg({ label: 'm', spectrum: [4, 0.5, 1e-3, 3e-12, 0], floor: 4e-8 });
    const threshold = num(/<line class="threshold" x1="[^"]+" x2="[^"]+" y1="([^"]+)"/.exec(svg)![1]);
    const tops = [...svg.matchAll(/<rect class="sigma" x="[^"]+" y="([^"]+)"/g)].map((m) => num(m[1]));
    expect(tops).toHaveLength(4); // the exact zero sits on the floor as text
    expect(tops.filter((y) => y < threshold)).toHaveLength(3);
    expect(svg).toContain('numerical rank 3');
    expect(svg).toMatch(/>0<\/text>/);
  });

  it('survives degenerate spectra', () => {
    expect(spectrumSvg({ label: 'zero', spectrum: [0, 0], floor: 1e-8 })).toContain('L = 0');
    expect(spectrumSvg({ label: 'empty', spectrum: [], floor: 1e-8 })).toContain('L = 0');
    const tiny = spectrumSvg({ label: 'tiny', spectrum: [1, 1e-300], floor: 1e-8 });
    expect(tiny).not.toContain('NaN');
    expect(tiny.match(/<rect class="sigma"/g)).toHaveLength(1);
  });
});
