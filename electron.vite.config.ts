import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './renderer.vite.config';

export default defineConfig({
  main: {
    build: {
      // `rolldownOptions`: electron-vite 6 reads the entries from there, not `rollupOptions`.
      rolldownOptions: {
        // Fixed names: node-spawn finds './generator.js' beside the main bundle, and the
        // generator './generator-worker.js' beside itself.
        input: {
          index: resolve('src/main/electron/index.ts'),
          generator: resolve('src/generator/index.ts'),
          'generator-worker': resolve('src/generator/worker.ts'),
        },
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
        // Every `dependencies` entry is external already (build.externalizeDeps); named here
        // because the native module and the wasm backend must be loaded from node_modules.
        external: [
          'better-sqlite3',
          '@tensorflow/tfjs',
          '@tensorflow/tfjs-backend-wasm',
          /^@tensorflow\//,
        ],
      },
    },
  },
  preload: {
    build: {
      // The preload is sandboxed: one self-contained CommonJS file that requires only electron.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig,
});
