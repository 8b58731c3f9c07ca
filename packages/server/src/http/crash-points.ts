/**
 * Named points where the crash test (tests/e2e/crash-exactly-once.test.ts) kills the server for
 * real: `EZHILI_CRASH_AT=<point>@<n>` SIGKILLs the process the n-th time it reaches `<point>`,
 * with no clean-up, no flush and no exit handler, as a power cut or an OOM kill would. Honoured
 * only when `EZHILI_ENV=test`; read once at start, so a running server cannot be told to crash.
 */
const planned = parsePlan(process.env.EZHILI_ENV === 'test' ? process.env.EZHILI_CRASH_AT : undefined);
const passes = new Map<string, number>();

/** Reports reaching a commit point; kills the process there when the crash test asked for it. */
export function crashPoint(name: string): void {
  if (!planned || planned.point !== name) return;
  const count = (passes.get(name) ?? 0) + 1;
  passes.set(name, count);
  if (count === planned.pass) process.kill(process.pid, 'SIGKILL');
}

function parsePlan(value: string | undefined): { point: string; pass: number } | undefined {
  const match = value ? /^([a-z0-9.-]+)@(\d+)$/.exec(value) : null;
  return match ? { point: match[1]!, pass: Number(match[2]) } : undefined;
}
