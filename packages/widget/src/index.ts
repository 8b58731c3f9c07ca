export {
  type MountOptions,
  mount,
  type WidgetHandle,
  type WidgetLocale,
  type WidgetPage,
} from './host/mount.js';
export type { WidgetEvent, WidgetEventType } from './shared/protocol.js';
export type { WidgetTheme } from './shared/theme.js';
