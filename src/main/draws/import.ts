import type { ImportResult } from '../../shared/schemas';
import type { DrawStore } from '../store/draw-store';
import { parseDrawFile } from './formats';

/** Parses a whole file first, then upserts it atomically: a bad file imports nothing. */
export function importDraws(store: DrawStore, text: string): ImportResult {
  const file = parseDrawFile(text);
  const counts = store.upsertMany(file.draws);
  return { format: file.format, rows: file.draws.length, skipped: file.skipped, ...counts };
}
