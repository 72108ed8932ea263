import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The Electron executable, found as `require('electron')` finds it (path.txt and dist/), but
 * without requiring it: electron's index.js starts a download when the binary is missing.
 */
export function electronBinary(): { path: string } | { reason: string } {
  let pkgDir: string;
  try {
    pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  const exe = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const path = override ? join(override, exe || 'electron') : exe && join(pkgDir, 'dist', exe);
  if (!path || !existsSync(path)) {
    return {
      reason: `no Electron binary in ${override ?? join(pkgDir, 'dist')} (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1?)`,
    };
  }
  return { path };
}
