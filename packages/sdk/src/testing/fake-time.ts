import type { TransportInternals } from '../core/transport.js';

/**
 * Time seams for tests: sleeps resolve at once but are recorded, randomness is fixed and
 * the clock stands still, so retry delays can be asserted exactly.
 */
export function fakeTime(options: { now?: number; random?: number } = {}) {
  const sleeps: number[] = [];
  const internals: Partial<TransportInternals> = {
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      if (signal?.aborted) throw signal.reason;
    },
    random: () => options.random ?? 0.5,
    now: () => options.now ?? Date.UTC(2026, 10, 27, 12, 0, 0),
  };
  return { sleeps, internals };
}
