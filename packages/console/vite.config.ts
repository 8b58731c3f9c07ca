import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The API the dev server forwards to (`npm start` serves it on 8787). */
const apiOrigin = process.env.EZHILI_API ?? 'http://localhost:8787';

export default defineConfig({
  // The server serves the build at /console/ (the API lives at the root of the same origin).
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    // No inline module-preload polyfill: every script is a file, so `script-src 'self'` holds.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { '^/(?!console/).*': { target: apiOrigin, changeOrigin: false } },
  },
});
