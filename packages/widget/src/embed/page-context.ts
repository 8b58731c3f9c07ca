import type { Translate } from './i18n.js';
import type { PageConfig } from './page-config.js';
import type { ParentChannel } from './parent-channel.js';

export interface PageContext {
  config: PageConfig;
  t: Translate;
  parent: ParentChannel;
  root: HTMLElement;
}
