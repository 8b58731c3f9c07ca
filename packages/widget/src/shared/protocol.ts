/**
 * The postMessage protocol between the host page and the embedded form. Deliberately coarse:
 * the frame tells the host only that something happened (`ready`, `resized`, `submitted`,
 * `closed`), never what was written, attached or issued. Both sides check the sender's origin
 * and window before looking at a message.
 */

/** Marks messages from the embedded form. */
export const FRAME_SOURCE = 'ezhili-widget';
/** Marks messages from the host script. */
export const HOST_SOURCE = 'ezhili-host';
export const PROTOCOL_VERSION = 1;

export type WidgetEventType = 'ready' | 'resized' | 'submitted' | 'closed';

/** What the host learns: the event's type, and for `ready`/`resized` the content height in px. */
export interface WidgetEvent {
  type: WidgetEventType;
  height?: number;
}

export interface FrameMessage extends WidgetEvent {
  source: typeof FRAME_SOURCE;
  version: typeof PROTOCOL_VERSION;
}

/** Host → frame: only a theme change; everything else is decided inside the frame. */
export interface HostMessage {
  source: typeof HOST_SOURCE;
  version: typeof PROTOCOL_VERSION;
  type: 'theme';
  theme: Record<string, string>;
}

const EVENT_TYPES: readonly WidgetEventType[] = ['ready', 'resized', 'submitted', 'closed'];
const MAX_HEIGHT = 20_000;

/**
 * Rebuilds a frame message from only the fields the protocol allows, so even a compromised or
 * buggy frame cannot hand the host anything else. Returns undefined for anything malformed.
 */
export function readFrameMessage(data: unknown): WidgetEvent | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const message = data as Partial<FrameMessage>;
  if (message.source !== FRAME_SOURCE || message.version !== PROTOCOL_VERSION) return undefined;
  if (!EVENT_TYPES.includes(message.type as WidgetEventType)) return undefined;
  const event: WidgetEvent = { type: message.type as WidgetEventType };
  if (
    (event.type === 'ready' || event.type === 'resized') &&
    typeof message.height === 'number' &&
    Number.isFinite(message.height)
  ) {
    event.height = Math.min(MAX_HEIGHT, Math.max(0, Math.ceil(message.height)));
  }
  return event;
}

/** The same for host → frame messages. */
export function readHostMessage(data: unknown): HostMessage | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const message = data as Partial<HostMessage>;
  if (message.source !== HOST_SOURCE || message.version !== PROTOCOL_VERSION) return undefined;
  if (message.type !== 'theme' || !message.theme || typeof message.theme !== 'object') return undefined;
  return { source: HOST_SOURCE, version: PROTOCOL_VERSION, type: 'theme', theme: { ...message.theme } };
}
