import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { ModeError } from '../modes/types';

export type Tf = typeof import('@tensorflow/tfjs');

/**
 * The WebAssembly binaries the backend may load at run time, in its `dist/` folder. Node
 * never gets the threaded one: multithreading is switched off before the backend starts.
 * `tfjs-backend-wasm-simd.wasm` is the one used where WebAssembly SIMD works (Node 22,
 * Electron); `tfjs-backend-wasm.wasm` is the fallback without SIMD.
 */
export const WASM_FILES = ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm'] as const;

/**
 * Folder holding the `.wasm` files: `SHIOL_TFJS_WASM_DIR` if set (a packaged app may put
 * them elsewhere), else the `dist/` folder of the installed `@tensorflow/tfjs-backend-wasm`.
 */
export function wasmDir(): string {
  const override = process.env.SHIOL_TFJS_WASM_DIR;
  if (override) return override;
  const require = createRequire(import.meta.url);
  // `main` is dist/tf-backend-wasm.node.js, beside the .wasm files.
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
}

let ready: Promise<Tf> | undefined;
/** Set once tfjs has been asked to start the backend: a failure after that is final. */
let attempted = false;

/**
 * tfjs on the WebAssembly backend with one thread, started once per process (or worker
 * thread). Any failure is a ModeError with its reason: there is no silent fallback to the
 * pure-JS cpu backend.
 */
export function wasmTf(): Promise<Tf> {
  ready ??= start().catch((err: unknown) => {
    // Missing files may yet appear; a failed start cannot be retried in this thread.
    if (!attempted) ready = undefined;
    throw err instanceof ModeError
      ? err
      : new ModeError(
          `lstm: the tfjs wasm backend could not start: ${(err as Error)?.message ?? String(err)}`,
        );
  });
  return ready;
}

async function start(): Promise<Tf> {
  if (typeof (globalThis as { WebAssembly?: unknown }).WebAssembly !== 'object') {
    throw new ModeError('lstm: this runtime has no WebAssembly, which the tfjs wasm backend needs');
  }
  const dir = wasmDir();
  const tf = await import('@tensorflow/tfjs');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // The binary tfjs will pick: SIMD where the runtime validates SIMD code (Node 22, Electron).
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const file = simd ? WASM_FILES[0] : WASM_FILES[1];
  if (!existsSync(join(dir, file))) {
    throw new ModeError(`lstm: the tfjs wasm backend file ${file} is missing from ${dir}`);
  }
  // At most one thread: never the threaded build (it would spawn its own workers), and a
  // one-thread XNNPACK pool should a build ever honour the count.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  wasm.setThreadsCount(1);
  // A folder prefix (with its separator): emscripten in Node reads the file with fs.
  wasm.setWasmPaths(dir.endsWith('/') || dir.endsWith('\\') ? dir : `${dir}${sep}`);

  // tfjs reports a failed backend start with console.warn and a `false`; keep the reason.
  attempted = true;
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  let ok: boolean;
  try {
    ok = await tf.setBackend('wasm');
    await tf.ready();
  } finally {
    console.warn = warn;
  }
  if (!ok || tf.getBackend() !== 'wasm') {
    // First lines only, once each: emscripten and tfjs repeat the cause with stacks.
    const lines = [...new Set(warnings.map((w) => w.split('\n')[0]!.trim()).filter(Boolean))];
    const reason = lines.length > 0 ? `: ${lines.join('; ').slice(0, 600)}` : '';
    throw new ModeError(
      `lstm: the tfjs wasm backend failed to start from ${join(dir, file)}${reason}`,
    );
  }
  for (const w of warnings) warn(w);
  fastTransposedMatMul(tf);
  return tf;
}

/**
 * The wasm backend runs BatchMatMul through XNNPACK only when neither operand is transposed,
 * and through a scalar loop (5-8x slower here) otherwise; training is mostly the transposed
 * products of backpropagation. This wraps the kernel to transpose such operands first with
 * the wasm Transpose kernel and then take the fast path: the same products, a fraction of
 * the time. It only touches this thread's tfjs, which only the lstm mode uses.
 */
export function fastTransposedMatMul(tf: Tf): void {
  const matMul = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!matMul || !transpose || (matMul as { fastTransposed?: boolean }).fastTransposed) return;
  type Info = import('@tensorflow/tfjs').TensorInfo;
  type Backend = { disposeData(dataId: object): boolean };
  const kernelFunc: typeof matMul.kernelFunc = (args) => {
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return matMul.kernelFunc(args);
    const { a, b } = args.inputs as { a: Info; b: Info };
    const made: Info[] = [];
    const swapLast = (x: Info): Info => {
      const perm = x.shape.map((_, i) => i);
      perm[perm.length - 2] = perm.length - 1;
      perm[perm.length - 1] = perm.length - 2;
      const t = transpose.kernelFunc({
        inputs: { x },
        backend: args.backend,
        attrs: { perm },
      }) as Info;
      made.push(t);
      return t;
    };
    try {
      return matMul.kernelFunc({
        ...args,
        inputs: { a: transposeA ? swapLast(a) : a, b: transposeB ? swapLast(b) : b },
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      });
    } finally {
      for (const t of made) (args.backend as unknown as Backend).disposeData(t.dataId);
    }
  };
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ ...matMul, kernelFunc, fastTransposed: true } as typeof matMul);
}
