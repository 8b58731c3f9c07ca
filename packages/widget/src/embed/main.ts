import { renderFollowUpPage } from './follow-up-page.js';
import { translator } from './i18n.js';
import { readPageConfig } from './page-config.js';
import { connectParent } from './parent-channel.js';
import { applyTheme } from './theme.js';
import { renderTipPage } from './tip-page.js';

/** Entry of the embed pages (`/embed/tip`, `/embed/follow-up`), loaded as a same-origin script. */
function start() {
  const config = readPageConfig(document.body);
  applyTheme(config.theme);
  const t = translator(config.locale);
  const parent = connectParent(config.parentOrigin);
  const root = document.getElementById('ezhili-app')!;
  const context = { config, t, parent, root };
  if (config.page === 'follow-up') renderFollowUpPage(context);
  else renderTipPage(context);
  parent.ready();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
