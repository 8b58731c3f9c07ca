import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Runs every `*.bench.ts` in this folder one after another (`npm run bench`); or name some:
 * `npm run bench -- health risk-run`. Benchmarks are not part of `npm test`.
 */
const folder = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(folder)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(name)))
  .sort();
for (const file of files) {
  console.log(`\n=== ${file}`);
  const { spawnSync } = await import('node:child_process');
  const run = spawnSync(process.execPath, ['--import', 'tsx', `${folder}${file}`], { stdio: 'inherit' });
  if (run.status !== 0) process.exitCode = 1;
}
