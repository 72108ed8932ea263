import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { UserConfig } from 'vite';

/**
 * The renderer's build, shared by the desktop build (electron.vite.config.ts) and the web
 * build that `npm run serve` hands to browsers (`vite build -c renderer.vite.config.ts`).
 */
export const rendererConfig = {
  root: resolve('src/renderer'),
  // Relative asset URLs: the app loads the page from file://, the engine serves it at /.
  base: './',
  build: {
    outDir: resolve('out/renderer'),
    emptyOutDir: true,
    rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
  },
  plugins: [react()],
} satisfies UserConfig;

export default rendererConfig;
