import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A stand-in console build laid out as Vite lays it out (index.html with the nonce placeholder,
 * hashed assets), with one inline script and one inline style that the policy must block, and a
 * nonced style it must allow. For the tests of the server's side of the console.
 */
export function placeholderConsoleDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ezhili-console-placeholder-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="csp-nonce" content="__CSP_NONCE__"><title>console</title>
<script type="module" src="/console/assets/index-test01.js"></script>
<script>window.inlineRan = true;</script>
<style>body { --inline-unnonced: 1; }</style>
</head><body><main id="root">console</main></body></html>`,
  );
  writeFileSync(
    join(dir, 'assets', 'index-test01.js'),
    `window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective));
const nonce = document.querySelector('meta[name="csp-nonce"]').content;
const style = document.createElement('style');
style.nonce = nonce;
style.textContent = 'main { color: rgb(1, 2, 3); }';
document.head.append(style);
window.appRan = true;`,
  );
  return dir;
}
