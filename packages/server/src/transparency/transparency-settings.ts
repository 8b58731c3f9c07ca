import { defineSettings } from '../config/module-settings.js';

export interface TransparencySettings {
  /** Cells of the public document below this count are withheld (`suppression.ts`). */
  minimumCount: number;
}

/** `TRANSPARENCY_MIN_COUNT` (default 5; at least 2, or a cell of one tip could be published). */
export const TRANSPARENCY_SETTINGS = defineSettings(
  'transparency',
  (read): TransparencySettings => ({
    minimumCount: read.int('TRANSPARENCY_MIN_COUNT', 5, { min: 2, max: 1000 }),
  }),
);
