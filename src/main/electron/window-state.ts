/**
 * The window's size and position, kept in a small JSON file in the user-data folder and
 * restored only where it is still visible (a monitor may have been unplugged).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Undefined x/y: let the OS place the window. */
  bounds: Partial<Pick<Rect, 'x' | 'y'>> & Pick<Rect, 'width' | 'height'>;
  maximized: boolean;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_WINDOW: WindowState = {
  bounds: { width: 1280, height: 820 },
  maximized: false,
};
export const MIN_SIZE = { width: 900, height: 600 };
/** How much of the window must lie on one display for a saved position to be used. */
const VISIBLE = { width: 120, height: 60 };

const isRect = (v: unknown): v is Rect =>
  typeof v === 'object' &&
  v !== null &&
  ['x', 'y', 'width', 'height'].every((k) => Number.isFinite((v as Record<string, unknown>)[k]));

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * The state to open the window with, given the displays' work areas. A missing or broken
 * file gives the default; a position off every display keeps the size but not the position.
 */
export function loadWindowState(file: string, workAreas: Rect[]): WindowState {
  let saved: unknown;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return structuredClone(DEFAULT_WINDOW);
  }
  const bounds = (saved as { bounds?: unknown })?.bounds;
  if (!isRect(bounds)) return structuredClone(DEFAULT_WINDOW);
  const maximized = (saved as { maximized?: unknown }).maximized === true;
  const size = {
    width: Math.max(MIN_SIZE.width, Math.round(bounds.width)),
    height: Math.max(MIN_SIZE.height, Math.round(bounds.height)),
  };
  const rect = { x: Math.round(bounds.x), y: Math.round(bounds.y), ...size };
  const home = workAreas.find((area) => {
    const o = overlap(rect, area);
    return o.width >= VISIBLE.width && o.height >= VISIBLE.height;
  });
  if (!home) return { bounds: fitTo(size, workAreas[0]), maximized };
  return { bounds: { ...rect, ...fitTo(size, home) }, maximized };
}

/** A size no larger than the work area, when there is one. */
function fitTo(size: Pick<Rect, 'width' | 'height'>, area: Rect | undefined) {
  if (!area) return size;
  return { width: Math.min(size.width, area.width), height: Math.min(size.height, area.height) };
}

/** Writes the state atomically (a crash mid-write leaves the old file). */
export function saveWindowState(file: string, state: { bounds: Rect; maximized: boolean }): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2));
  renameSync(tmp, file);
}
