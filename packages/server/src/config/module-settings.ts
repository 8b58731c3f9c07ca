import { resolve } from 'node:path';
import { ConfigError, createEnvReader, type Env, type EnvReader } from './env-reader.js';

/** What a module's settings may derive defaults from (e.g. files under DATA_DIR). */
export interface SettingsBase {
  dataDir: string;
}

/**
 * A module's settings: how to read them from the environment, with every problem reported to
 * `read` (never thrown). The module declares it in its `ServerModule` entry; the composition
 * root reads every module's at start-up, before migrations, and one ConfigError lists them all.
 */
export interface SettingsSchema<T> {
  readonly module: string;
  read(read: EnvReader, base: SettingsBase): T;
}

export function defineSettings<T>(
  module: string,
  read: (read: EnvReader, base: SettingsBase) => T,
): SettingsSchema<T> {
  return { module, read };
}

/** The settings of every module of the app, read and validated once. */
export interface ModuleSettings {
  of<T>(schema: SettingsSchema<T>): T;
}

/**
 * Reads every schema with one reader, so its problems are collected with the caller's (the
 * base configuration's); the caller calls `read.done()`.
 */
export function readModuleSettings(
  read: EnvReader,
  base: SettingsBase,
  schemas: readonly SettingsSchema<unknown>[],
): ModuleSettings {
  const values = new Map<SettingsSchema<unknown>, unknown>();
  for (const schema of schemas) values.set(schema, schema.read(read, base));
  return {
    of<T>(schema: SettingsSchema<T>): T {
      if (!values.has(schema)) {
        throw new Error(`The ${schema.module} settings are not declared by any module of this app.`);
      }
      return values.get(schema) as T;
    },
  };
}

/** Reads one schema on its own and throws a ConfigError listing its problems (tests, tools). */
export function readSettings<T>(schema: SettingsSchema<T>, source: { rawEnv: Env; dataDir?: string }): T {
  const read = createEnvReader(source.rawEnv);
  const value = schema.read(read, { dataDir: source.dataDir ?? resolve(process.cwd(), 'data') });
  read.done();
  return value;
}

export { ConfigError };
