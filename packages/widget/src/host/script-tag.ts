import { mount } from './mount.js';

/**
 * The `<script>`-tag build: exposes `window.Ezhili.mount`, and mounts every element carrying
 * `data-ezhili-partner` (with optional `data-ezhili-locale`, `data-ezhili-page`), using the
 * script's own origin as the regulator server.
 */
const script = document.currentScript as HTMLScriptElement | null;
const scriptBase = script?.src ? new URL('..', script.src).href : undefined;

function autoMount() {
  for (const element of document.querySelectorAll<HTMLElement>('[data-ezhili-partner]')) {
    if (element.dataset.ezhiliMounted) continue;
    const baseUrl = element.dataset.ezhiliBaseUrl ?? scriptBase;
    if (!baseUrl) continue;
    element.dataset.ezhiliMounted = '1';
    mount(element, {
      baseUrl,
      partnerId: element.dataset.ezhiliPartner!,
      locale: element.dataset.ezhiliLocale === 'en' ? 'en' : 'zh-CN',
      page: element.dataset.ezhiliPage === 'follow-up' ? 'follow-up' : 'tip',
    });
  }
}

(window as unknown as { Ezhili: { mount: typeof mount } }).Ezhili = { mount };
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', autoMount);
else autoMount();
