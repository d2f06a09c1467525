// Writing a report: JSON (the record), Markdown and HTML renderings, and each counterexample's models
// as model files that `aon compare` reads.
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from './types.js';
import { renderMarkdown } from './markdown.js';
import { renderHtml } from './html.js';
import { writeModelJson } from '../io/index.js';
import { denseFromRecord } from './records.js';
export { modelFileName } from './records.js';

/** The JSON text of a report: stable key order (construction order), two-space indent, final newline. */
export function reportJson(r: Report): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

/** Write atomically: a reader never sees half a report. */
function put(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

export function writeReport(dir: string, r: Report): { json: string; md: string; html: string; models: string[] } {
  mkdirSync(dir, { recursive: true });
  const models: string[] = [];
  for (const c of r.claims) {
    for (const m of c.counterexample?.models ?? []) {
      if (!m.file) continue;
      mkdirSync(join(dir, 'models'), { recursive: true });
      writeModelJson(join(dir, m.file), denseFromRecord(m.F), denseFromRecord(m.G), m.pivot);
      models.push(join(dir, m.file));
    }
  }
  const json = join(dir, 'report.json'), md = join(dir, 'report.md'), html = join(dir, 'report.html');
  put(json, reportJson(r));
  put(md, renderMarkdown(r));
  put(html, renderHtml(r));
  return { json, md, html, models };
}
