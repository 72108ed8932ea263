import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW,
  loadWindowState,
  MIN_SIZE,
  saveWindowState,
  WINDOW_STATE_FILE,
} from '../../src/main/electron/window-state';
import { tempDir } from '../helpers';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function stateFile(): string {
  const { dir, cleanup } = tempDir('shiol-window-');
  cleanups.push(cleanup);
  return join(dir, 'nested', WINDOW_STATE_FILE);
}

const laptop = { x: 0, y: 0, width: 1920, height: 1040 };
const rightMonitor = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('window state', () => {
  it('round-trips size, position and maximised', () => {
    const file = stateFile();
    expect(loadWindowState(file, [laptop])).toEqual(DEFAULT_WINDOW);
    const bounds = { x: 2100, y: 80, width: 1400, height: 900 };
    saveWindowState(file, { bounds, maximized: true });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ bounds, maximized: true });
    expect(loadWindowState(file, [laptop, rightMonitor])).toEqual({ bounds, maximized: true });
  });

  it('drops a position on a display that is gone, keeping a size that fits', () => {
    const file = stateFile();
    saveWindowState(file, {
      bounds: { x: 2100, y: 80, width: 2400, height: 1300 },
      maximized: false,
    });
    expect(loadWindowState(file, [laptop])).toEqual({
      bounds: { width: 1920, height: 1040 },
      maximized: false,
    });
    // Barely on screen (a sliver of 20 px) counts as gone.
    saveWindowState(file, {
      bounds: { x: 1900, y: 10, width: 1000, height: 700 },
      maximized: false,
    });
    expect(loadWindowState(file, [laptop]).bounds).toEqual({ width: 1000, height: 700 });
  });

  it('ignores a broken file and enforces the minimum size', () => {
    const file = stateFile();
    saveWindowState(file, { bounds: { x: 10, y: 10, width: 100, height: 50 }, maximized: false });
    expect(loadWindowState(file, [laptop]).bounds).toEqual({ x: 10, y: 10, ...MIN_SIZE });
    for (const text of [
      '{',
      'null',
      '{"bounds":{"x":"1"}}',
      '{"bounds":{"x":1,"y":2,"width":null,"height":3}}',
    ]) {
      writeFileSync(file, text);
      expect(loadWindowState(file, [laptop]), text).toEqual(DEFAULT_WINDOW);
    }
  });
});
