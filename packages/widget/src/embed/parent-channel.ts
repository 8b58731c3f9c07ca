import {
  FRAME_SOURCE,
  type FrameMessage,
  PROTOCOL_VERSION,
  readHostMessage,
  type WidgetEventType,
} from '../shared/protocol.js';
import { applyTheme } from './theme.js';

/**
 * The frame's side of the postMessage channel. Events go only to the parent origin that the
 * server checked against the partner's allowed origins (never `*`), and only coarse ones;
 * incoming messages count only from that origin and from the parent window itself.
 */
export function connectParent(parentOrigin: string | undefined) {
  const inFrame = window.parent !== window;
  // Where the browser tells us who framed us (Chromium, WebKit), it must agree with the server's
  // check; otherwise stay silent rather than talk to the wrong page.
  const ancestors = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  const consistent = !ancestors || ancestors.length === 0 || ancestors[0] === parentOrigin;
  const target = inFrame && parentOrigin && consistent ? parentOrigin : undefined;

  function send(type: WidgetEventType, extra: { height?: number } = {}) {
    if (!target) return;
    const message: FrameMessage = { source: FRAME_SOURCE, version: PROTOCOL_VERSION, type, ...extra };
    window.parent.postMessage(message, target);
  }

  window.addEventListener('message', (event) => {
    if (!target || event.origin !== target || event.source !== window.parent) return;
    const message = readHostMessage(event.data);
    if (message) applyTheme(message.theme);
  });

  let lastHeight = 0;
  const height = () => Math.ceil(document.documentElement.getBoundingClientRect().height);
  const observer = new ResizeObserver(() => {
    const now = height();
    if (now !== lastHeight) {
      lastHeight = now;
      send('resized', { height: now });
    }
  });

  return {
    ready() {
      lastHeight = height();
      send('ready', { height: lastHeight });
      observer.observe(document.documentElement);
    },
    submitted: () => send('submitted'),
    closed: () => send('closed'),
  };
}

export type ParentChannel = ReturnType<typeof connectParent>;
