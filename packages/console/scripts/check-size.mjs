// After `vite build`: prints the gzipped size of the first load and fails above the budget;
// also fails on an inline script or anything the page would load from another origin.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 400 * 1024;
const dist = new URL('../dist/', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
const html = readFileSync(join(dist, 'index.html'), 'utf8');

const problems = [];
for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
  if (!/\bsrc=/.test(match[1]) || match[2].trim() !== '') problems.push('an inline <script> in index.html');
}
if (/\b(?:src|href)="(?:https?:)?\/\//.test(html)) problems.push('index.html loads from another origin');

/** The files a chunk needs before it runs: itself, its CSS and its static imports, transitively. */
function closure(key, files = new Set()) {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return files;
  files.add(chunk.file);
  for (const css of chunk.css ?? []) files.add(css);
  for (const imported of chunk.imports ?? []) closure(imported, files);
  return files;
}

// The first load: the entry and what it imports, plus the page a signed-out visitor lands on
// (the login page) and the one a signed-in one lands on (the dashboard), both lazy chunks.
const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
const landing = Object.keys(manifest).filter((key) =>
  /pages\/(login|dashboard)\/[A-Za-z]+Page\.tsx$/.test(key),
);
const files = closure(entryKey);
for (const key of landing) closure(key, files);

let total = 0;
const rows = [];
for (const file of files) {
  const bytes = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += bytes;
  rows.push([file, bytes]);
}
rows.sort((a, b) => b[1] - a[1]);
for (const [file, bytes] of rows) console.log(`  ${(bytes / 1024).toFixed(1).padStart(7)} kB  ${file}`);
console.log(`first load (gzip): ${(total / 1024).toFixed(1)} kB of ${BUDGET_BYTES / 1024} kB`);
if (total > BUDGET_BYTES)
  problems.push(`the first load is ${(total / 1024).toFixed(1)} kB gzipped, over the budget`);

// Reported, not counted: chunks that load after the page is up (charts, larger forms).
const later = Object.values(manifest).filter((chunk) => chunk.file.endsWith('.js') && !files.has(chunk.file));
const laterBytes = later.reduce(
  (sum, chunk) => sum + gzipSync(readFileSync(join(dist, chunk.file))).length,
  0,
);
console.log(`loaded later, on demand (gzip): ${(laterBytes / 1024).toFixed(1)} kB in ${later.length} chunks`);

for (const problem of problems) console.error(`check-size: ${problem}`);
process.exit(problems.length > 0 ? 1 : 0);
