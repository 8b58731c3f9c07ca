import { describe, expect, it } from 'vitest';
import { FRAME_SOURCE, HOST_SOURCE, readFrameMessage, readHostMessage } from './protocol.js';

describe('the widget message protocol', () => {
  it('passes on only the event type and a clamped height from the frame', () => {
    expect(
      readFrameMessage({
        source: FRAME_SOURCE,
        version: 1,
        type: 'resized',
        height: 812.4,
        identityCode: 'FZ-7K3M-Q9XD-2',
        description: 'leak',
      }),
    ).toEqual({ type: 'resized', height: 813 });
    expect(readFrameMessage({ source: FRAME_SOURCE, version: 1, type: 'submitted', height: 10 })).toEqual({
      type: 'submitted',
    });
    expect(readFrameMessage({ source: FRAME_SOURCE, version: 1, type: 'ready', height: 1e9 })).toEqual({
      type: 'ready',
      height: 20_000,
    });
  });

  it('drops anything that is not a known event of this protocol version', () => {
    for (const data of [
      null,
      'ready',
      { source: 'other', version: 1, type: 'ready' },
      { source: FRAME_SOURCE, version: 2, type: 'ready' },
      { source: FRAME_SOURCE, version: 1, type: 'identity' },
      { source: FRAME_SOURCE, version: 1, type: 'toString' },
    ]) {
      expect(readFrameMessage(data)).toBeUndefined();
    }
  });

  it('accepts only theme messages from the host', () => {
    expect(
      readHostMessage({ source: HOST_SOURCE, version: 1, type: 'theme', theme: { accent: '#000000' } }),
    ).toEqual({
      source: HOST_SOURCE,
      version: 1,
      type: 'theme',
      theme: { accent: '#000000' },
    });
    expect(readHostMessage({ source: HOST_SOURCE, version: 1, type: 'submit' })).toBeUndefined();
    expect(readHostMessage({ source: FRAME_SOURCE, version: 1, type: 'theme', theme: {} })).toBeUndefined();
  });
});
