import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// antd reads these browser APIs; happy-dom lacks matchMedia's listeners on some versions.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

afterEach(() => cleanup());

// Lazy page chunks compile on first use in tests; give queries time for that.
// 20 s: under CI on 2 busy cores a first compile took longer than 8 s (rewards, relisting pages).
configure({ asyncUtilTimeout: 20_000 });
