// Text-line images for the recogniser, drawn with a Skia canvas from npm and the DejaVu fonts of stock
// Debian (fonts-dejavu-core). The recogniser expects height 48, any width, channels scaled to [−1, 1].
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { existsSync } from 'node:fs';

export const HEIGHT = 48;

const FONT_FILES: Record<string, string> = {
  'DejaVu Sans': '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  'DejaVu Serif': '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf',
  'DejaVu Sans Mono': '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
};

export function registerFonts(): string[] {
  const names: string[] = [];
  for (const [family, file] of Object.entries(FONT_FILES)) {
    if (!existsSync(file)) continue;
    GlobalFonts.registerFromPath(file, family);
    names.push(family);
  }
  if (names.length === 0) throw new Error(`no DejaVu font found (install Debian's fonts-dejavu-core): looked for ${Object.values(FONT_FILES).join(', ')}`);
  return names;
}

export interface LineImage {
  /** NCHW float32, 1 × 3 × 48 × width */
  data: Float32Array;
  width: number;
}

/** One line of dark text on a light background, scaled as the recogniser was trained: (v/255 − 0.5)/0.5. */
export function renderLine(text: string, font: string, sizePx: number, ink = 0, paper = 255): LineImage {
  const probe = createCanvas(8, HEIGHT).getContext('2d');
  probe.font = `${sizePx}px "${font}"`;
  const textWidth = Math.ceil(probe.measureText(text).width);
  const width = Math.max(HEIGHT, textWidth + 16);
  const canvas = createCanvas(width, HEIGHT);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = `rgb(${paper},${paper},${paper})`;
  ctx.fillRect(0, 0, width, HEIGHT);
  ctx.fillStyle = `rgb(${ink},${ink},${ink})`;
  ctx.font = `${sizePx}px "${font}"`;
  ctx.textBaseline = 'middle';
  ctx.fillText(text, 8, HEIGHT / 2);
  const rgba = ctx.getImageData(0, 0, width, HEIGHT).data;
  const plane = width * HEIGHT;
  const data = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) data[c * plane + i] = ((rgba[i * 4 + (2 - c)] as number) / 255 - 0.5) / 0.5; // BGR, as cv2 reads
  }
  return { data, width };
}
