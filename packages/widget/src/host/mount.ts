import {
  HOST_SOURCE,
  type HostMessage,
  PROTOCOL_VERSION,
  readFrameMessage,
  type WidgetEvent,
} from '../shared/protocol.js';
import { sanitizeTheme, type WidgetTheme } from '../shared/theme.js';

export type WidgetLocale = 'zh-CN' | 'en';
export type WidgetPage = 'tip' | 'follow-up';

export interface MountOptions {
  /** The regulator server, e.g. `https://report.example.gov.cn`; the form is served from there. */
  baseUrl: string;
  /** This app's partner id, registered with its allowed origins by the regulator. */
  partnerId: string;
  /** `zh-CN` (default) or `en`. */
  locale?: WidgetLocale;
  theme?: WidgetTheme;
  /** `tip` (default): the report form; `follow-up`: check a report with its code and receipt. */
  page?: WidgetPage;
  /** Coarse events only; see `WidgetEvent`. */
  onEvent?: (event: WidgetEvent) => void;
  /** Where this app shows the scheme (`splash`, `banner`, `in_app`): counted in monthly totals only. */
  entryPoint?: 'splash' | 'banner' | 'in_app';
  /** Accessible name of the frame; defaults to a localised "Report a food-safety violation". */
  title?: string;
}

export interface WidgetHandle {
  /** The iframe, for layout; its document is on the regulator's origin and cannot be read. */
  readonly frame: HTMLIFrameElement;
  setTheme(theme: WidgetTheme): void;
  /** Removes the frame and stops listening. */
  unmount(): void;
}

const TITLES: Record<WidgetLocale, string> = {
  'zh-CN': '举报网络餐饮违法行为',
  en: 'Report a food-safety violation',
};

/**
 * Mounts the report form into `element` as a cross-origin iframe. The host page gets only coarse
 * events; everything the reporter types, attaches or receives stays in the regulator's frame.
 */
export function mount(element: HTMLElement, options: MountOptions): WidgetHandle {
  const base = new URL(options.baseUrl);
  const frameOrigin = base.origin;
  const locale: WidgetLocale = options.locale === 'en' ? 'en' : 'zh-CN';
  const url = new URL(
    `embed/${options.page === 'follow-up' ? 'follow-up' : 'tip'}`,
    `${frameOrigin}${base.pathname.replace(/\/?$/, '/')}`,
  );
  url.searchParams.set('partner', options.partnerId);
  url.searchParams.set('origin', location.origin);
  url.searchParams.set('locale', locale);
  if (options.entryPoint) url.searchParams.set('entry', options.entryPoint);
  for (const [name, value] of Object.entries(sanitizeTheme(options.theme as Record<string, unknown>)))
    url.searchParams.set(name, value);

  const frame = document.createElement('iframe');
  frame.src = url.href;
  frame.title = options.title ?? TITLES[locale];
  // Only clipboard writes (the copy buttons); camera capture goes through the file input.
  frame.allow = 'clipboard-write';
  frame.referrerPolicy = 'no-referrer';
  frame.style.cssText = 'border:0;width:100%;min-width:280px;height:640px;display:block;color-scheme:normal';
  element.appendChild(frame);

  function onMessage(event: MessageEvent) {
    // Origin and window both: another frame of the same origin must not speak for the widget.
    if (event.origin !== frameOrigin || event.source !== frame.contentWindow) return;
    const widgetEvent = readFrameMessage(event.data);
    if (!widgetEvent) return;
    if (widgetEvent.height !== undefined) frame.style.height = `${widgetEvent.height}px`;
    options.onEvent?.(widgetEvent);
  }
  window.addEventListener('message', onMessage);

  return {
    frame,
    setTheme(theme) {
      const message: HostMessage = {
        source: HOST_SOURCE,
        version: PROTOCOL_VERSION,
        type: 'theme',
        theme: sanitizeTheme(theme as Record<string, unknown>),
      };
      // Addressed to the regulator's origin only: if the frame navigated elsewhere, it is dropped.
      frame.contentWindow?.postMessage(message, frameOrigin);
    },
    unmount() {
      window.removeEventListener('message', onMessage);
      frame.remove();
    },
  };
}
