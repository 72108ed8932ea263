import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM } from '../../playwright.config';

/** Builds the renderer the engine serves, as `npm run serve` does before it starts. */
export default function globalSetup(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Chromium with apt-get install -y chromium`);
  }
  execFileSync('npm', ['run', 'build:renderer'], { stdio: 'inherit' });
}
