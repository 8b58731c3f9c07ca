/**
 * Reads typed settings from an environment map and collects every problem, so a bad start-up
 * reports all misconfigurations at once. Each module reads its own settings with one of these.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

export function createEnvReader(env: Env) {
  const problems: string[] = [];
  const raw = (name: string) => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  return {
    problems,
    string(name: string, fallback: string): string {
      return raw(name) ?? fallback;
    },
    optionalString(name: string): string | undefined {
      return raw(name);
    },
    int(name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
      const value = raw(name);
      if (value === undefined) return fallback;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
        problems.push(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
        return fallback;
      }
      return parsed;
    },
    bool(name: string, fallback: boolean): boolean {
      const value = raw(name)?.toLowerCase();
      if (value === undefined) return fallback;
      if (['1', 'true', 'yes', 'on'].includes(value)) return true;
      if (['0', 'false', 'no', 'off'].includes(value)) return false;
      problems.push(`${name} must be true or false, got ${JSON.stringify(value)}`);
      return fallback;
    },
    oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
      const value = raw(name);
      if (value === undefined) return fallback;
      if (!(allowed as readonly string[]).includes(value)) {
        problems.push(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
        return fallback;
      }
      return value as T;
    },
    url(name: string, fallback?: string): string | undefined {
      const value = raw(name) ?? fallback;
      if (value === undefined) return undefined;
      try {
        new URL(value);
      } catch {
        problems.push(`${name} must be a URL, got ${JSON.stringify(value)}`);
      }
      return value;
    },
    fail(problem: string) {
      problems.push(problem);
    },
    done() {
      if (problems.length > 0) throw new ConfigError(problems);
    },
  };
}
export type EnvReader = ReturnType<typeof createEnvReader>;
