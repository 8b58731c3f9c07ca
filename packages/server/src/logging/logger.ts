import { type Clock, systemClock } from '../clock/clock.js';
/**
 * Structured JSON logs, one line per event. Callers pass only non-personal fields: ids,
 * route patterns, statuses, durations. Request bodies, query strings and headers are never
 * logged; `redactLogFields` drops the keys that could carry personal data as a second fence.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const FORBIDDEN_KEYS = /name|phone|idnumber|id_number|account|bank|email|password|secret|token|body|query/i;
const ALLOWED_KEYS = new Set(['requestId', 'route', 'method', 'status', 'durationMs', 'errorName', 'module']);

export function redactLogFields(fields: LogFields = {}): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    out[key] = ALLOWED_KEYS.has(key) || !FORBIDDEN_KEYS.test(key) ? value : '[redacted]';
  }
  return out;
}

export function createLogger(
  options: { level?: LogLevel; write?: (line: string) => void; base?: LogFields; clock?: Clock } = {},
): Logger {
  const min = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const log = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (ORDER[level] < min) return;
    write(
      JSON.stringify({
        time: (options.clock ?? systemClock).now().toISOString(),
        level,
        msg,
        ...options.base,
        ...redactLogFields(fields),
      }),
    );
  };
  return {
    debug: (msg, fields) => log('debug', msg, fields),
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
  };
}

/** A logger that keeps lines in memory, for tests that assert what was (not) logged. */
export function createMemoryLogger(level: LogLevel = 'debug', clock?: Clock) {
  const lines: string[] = [];
  const logger = createLogger({ level, write: (line) => lines.push(line), ...(clock && { clock }) });
  return { logger, lines };
}
