/**
 * A progress bar on stderr for long CLI jobs: redrawn in place on a terminal, a plain line every
 * few seconds otherwise (logs, CI).
 */
export function createProgressBar(label: string, total: number, out: NodeJS.WriteStream = process.stderr) {
  const started = performance.now();
  const tty = Boolean(out.isTTY);
  let lastDraw = 0;
  let done = 0;
  let rows = 0;
  const draw = (final: boolean) => {
    const now = performance.now();
    if (!final && now - lastDraw < (tty ? 100 : 2000)) return;
    lastDraw = now;
    const share = total > 0 ? Math.min(1, done / total) : 0;
    const width = 24;
    const filled = Math.round(share * width);
    const rate = rows / Math.max((now - started) / 1000, 1e-3);
    const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  ${rows.toLocaleString('en')} rows  ${Math.round(rate).toLocaleString('en')} rows/s`;
    out.write(tty ? `\r${line}${final ? '\n' : ''}` : `${line}\n`);
  };
  return {
    /** `bytes` read so far of `total`; `rowCount` records read so far. */
    update(bytes: number, rowCount: number) {
      done = bytes;
      rows = rowCount;
      draw(false);
    },
    finish(rowCount: number) {
      done = total;
      rows = rowCount;
      draw(true);
    },
  };
}
