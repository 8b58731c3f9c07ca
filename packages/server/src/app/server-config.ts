import { type Config, readConfig } from '../config/config.js';
import { createEnvReader, type Env } from '../config/env-reader.js';
import { type ModuleSettings, readModuleSettings } from '../config/module-settings.js';
import { SERVER_MODULES } from './modules.js';

const SCHEMAS = SERVER_MODULES.flatMap((module) => (module.settings ? [module.settings] : []));

/**
 * Reads the whole configuration once at start-up: the base settings and every module's, with one
 * reader, so a single ConfigError lists every problem before anything is opened or migrated.
 */
export function loadServerConfig(
  env: Env = process.env,
  overrides: Partial<Config> = {},
): { config: Config; settings: ModuleSettings } {
  const read = createEnvReader(env);
  const config = readConfig(read, env, overrides);
  const settings = readModuleSettings(read, config, SCHEMAS);
  read.done();
  return { config, settings };
}

/** Every module's settings for a configuration already loaded (`loadConfig`); throws a ConfigError. */
export function loadModuleSettings(config: Config): ModuleSettings {
  const read = createEnvReader(config.rawEnv);
  const settings = readModuleSettings(read, config, SCHEMAS);
  read.done();
  return settings;
}
