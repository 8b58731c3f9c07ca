import { afterAll } from 'vitest';
import { endSharedExifTool } from '../evidence/metadata-stripper.js';

/**
 * Vitest setup file: every test file ends the shared exiftool after its last test. exiftool runs
 * as a `-stay_open` perl process that outlives the test worker unless it is told to stop, so a test
 * that strips or tags evidence would otherwise leave one behind (CI counts them).
 */
afterAll(() => endSharedExifTool());
