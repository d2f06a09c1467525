// Writes assembly/manifest.json from the ABI table (npm run abi:manifest). The ABI test fails when the
// committed manifest and the table disagree, so a changed export cannot slip through unrecorded.
import { writeFileSync } from 'node:fs';
import { manifest } from './abi.js';

export function manifestText(): string {
  return `${JSON.stringify(manifest(), null, 2)}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '\0')) {
  const out = process.argv[2] ?? 'assembly/manifest.json';
  writeFileSync(out, manifestText());
  console.log(`wrote ${out}`);
}
