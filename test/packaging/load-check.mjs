// Run by test/packaging.test.ts with plain Node, from a copy placed in out/main/ of an extracted
// app.asar: it resolves and loads the packaged dependencies the way out/main/index.js would.
// Prints one JSON line: { unresolved, sqlite, prebuild, tfBackend, tfSum }.
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';

const specifiers = JSON.parse(process.argv[2] ?? '[]');
const wasmDir = process.argv[3];
const require = createRequire(import.meta.url);

const unresolved = [];
for (const spec of specifiers) {
  try {
    import.meta.resolve(spec);
  } catch (err) {
    unresolved.push(`${spec}: ${err.message}`);
  }
}

// better-sqlite3 loads prebuilds/<platform>-<arch>.node through lib/binding.js.
const Database = require('better-sqlite3');
const db = new Database(':memory:');
const sqlite = db.prepare('select sqlite_version() as v').get().v;
db.close();
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
const prebuild = require(join(sqliteDir, 'lib', 'binding.js')).getPrebuildPath();

// tfjs on the wasm backend, one thread, as src/generator/lstm/backend.ts starts it.
const log = console.log;
console.log = () => {}; // tfjs greets Node users on stdout
const tf = await import('@tensorflow/tfjs');
const wasm = await import('@tensorflow/tfjs-backend-wasm');
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
wasm.setThreadsCount(1);
wasm.setWasmPaths(wasmDir.endsWith(sep) ? wasmDir : wasmDir + sep);
const ok = await tf.setBackend('wasm');
await tf.ready();
const tfSum = Array.from(tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync());
console.log = log;

console.log(
  JSON.stringify({ unresolved, sqlite, prebuild, tfBackend: ok ? tf.getBackend() : null, tfSum }),
);
