import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { POWERBALL_MAX, WHITE_MAX } from '../shared/powerball';
import type { ModeContext } from './modes/types';

const memory = new Map<string, unknown>();

/**
 * A trained model for the current draw history: from memory, else from the model folder,
 * else trained now and saved (atomically) so a restart does not retrain.
 * `version` changes when the model's format or features change.
 */
export async function cachedModel<M>(
  ctx: ModeContext,
  name: string,
  version: number,
  train: () => M | Promise<M>,
  codec: { save(m: M): unknown; load(json: unknown): M } = {
    save: (m) => m,
    load: (j) => j as M,
  },
): Promise<{ model: M; trained: boolean }> {
  const key = `${name}-v${version}-${ctx.drawsKey}`;
  const hit = memory.get(key) as M | undefined;
  if (hit !== undefined) return { model: hit, trained: false };

  const dir = join(ctx.options.modelDir, name);
  const file = join(dir, `${key}.json`);
  try {
    const model = codec.load(JSON.parse(readFileSync(file, 'utf8')));
    memory.set(key, model);
    return { model, trained: false };
  } catch {
    // not saved yet, or unreadable: train
  }
  const model = await train();
  memory.set(key, model);
  try {
    mkdirSync(dir, { recursive: true });
    // Worker threads share a pid: the thread id keeps their temp files apart.
    const tmp = `${file}.${process.pid}-${threadId}.tmp`;
    writeFileSync(tmp, JSON.stringify(codec.save(model)));
    renameSync(tmp, file);
    for (const f of readdirSync(dir)) {
      if (f !== `${key}.json` && f.startsWith(`${name}-`) && f.endsWith('.json'))
        rmSync(join(dir, f), { force: true });
    }
  } catch (err) {
    console.warn(`could not save the ${name} model: ${(err as Error).message}`);
  }
  return { model, trained: true };
}

/** Forgets in-memory models (tests). */
export function clearModelMemory(): void {
  memory.clear();
}

/** Whether a loaded model has one probability per white ball and one per Powerball. */
export function hasNumberProbs(
  m: unknown,
): m is { whiteProbs: number[]; powerballProbs: number[] } {
  const p = m as { whiteProbs?: unknown; powerballProbs?: unknown } | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    Array.isArray(p.whiteProbs) &&
    p.whiteProbs.length === WHITE_MAX &&
    Array.isArray(p.powerballProbs) &&
    p.powerballProbs.length === POWERBALL_MAX
  );
}
