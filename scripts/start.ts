/**
 * `npm start`: builds and opens the desktop app, or says plainly what to do when the Electron
 * binary is not installed (offline installs, ELECTRON_SKIP_BINARY_DOWNLOAD=1).
 */
import { spawnSync } from 'node:child_process';
import { electronBinary } from './electron-binary';

const binary = electronBinary();
if ('reason' in binary) {
  console.error(
    `SHIOL+ Batch cannot open its window: ${binary.reason}.\n` +
      'Install the desktop app with network access (npm ci without ELECTRON_SKIP_BINARY_DOWNLOAD),\n' +
      'or run the same engine with its web UI in your browser: npm run serve',
  );
  process.exit(1);
}
const r = spawnSync('electron-vite', ['preview', ...process.argv.slice(2)], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
process.exit(r.status ?? 1);
