import { defineSettings } from '../config/module-settings.js';

export interface ExportSettings {
  /** The CJK font file PDFs embed (EXPORT_CJK_FONT; Debian's fonts-noto-cjk by default). */
  cjkFontPath: string;
  /** The face inside a collection (.ttc) (EXPORT_CJK_FONT_NAME). */
  cjkFontName: string;
}

/** `ctx.settings.of(EXPORT_SETTINGS)`; defaults in docs/exports.md. */
export const EXPORT_SETTINGS = defineSettings(
  'exports',
  (read): ExportSettings => ({
    cjkFontPath: read.string('EXPORT_CJK_FONT', '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'),
    cjkFontName: read.string('EXPORT_CJK_FONT_NAME', 'NotoSansCJKsc-Regular'),
  }),
);
