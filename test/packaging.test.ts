/**
 * The packaged layout, checked here without the Electron binary: electron-builder packs the
 * real config (electron-builder.yml) into a Linux `dir` target, with a stand-in Electron
 * distribution (`electronDist`: a folder holding a stub `electron` executable) in place of the
 * downloaded Electron zip. The app.asar, the unpacked native and wasm files and the executable
 * rename are electron-builder's own output; only the Electron runtime itself is fake.
 *
 * Offline by construction: an empty electron-builder cache, npm offline, and every proxy
 * pointed at a closed port, so any download attempt would fail the build (and the cache is
 * checked to be still empty afterwards).
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractAll, extractFile, listPackage, statFile } from '@electron/asar';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
/** Every package the runtime dependencies pull in, read from the installed package.json files. */
function runtimeClosure(): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const file = join(ROOT, 'node_modules', name, 'package.json');
    if (!existsSync(file)) return;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep);
  };
  for (const dep of Object.keys(PKG.dependencies)) visit(dep);
  return seen;
}

const CONFIG = parseYaml(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  unknown
>;

/** better-sqlite3 13's prebuilds: every platform it loads through lib/<platform>-<arch>.js. */
const PREBUILDS = [
  'darwin-arm64',
  'darwin-x64',
  'linux-arm64',
  'linux-x64',
  'linuxmusl-arm64',
  'linuxmusl-x64',
  'win32-arm64',
  'win32-x64',
];
const WASM = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];
const WASM_DIST = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';

const BUILD_OUTPUTS = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

let work: string;
let appOut: string;
let resources: string;
let asarPath: string;
let entries: string[];
let builderLog: string;
let cacheDir: string;

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeout: number) {
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: 'utf8', timeout });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const failed = r.status !== 0 ? (r.error?.message ?? `exit ${r.status}`) : null;
  return { failed, output };
}

function tail(text: string, lines = 40): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/**
 * out/ as `npm run build` makes it, built afresh so the package holds the current sources;
 * a clear failure when the build fails.
 */
function ensureBuilt(env: NodeJS.ProcessEnv): void {
  const viteBin = join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js');
  const r = run(process.execPath, [viteBin, 'build'], env, 240_000);
  const missing = BUILD_OUTPUTS.filter((f) => !existsSync(join(ROOT, f)));
  if (r.failed || missing.length > 0) {
    throw new Error(
      `packaging test: \`electron-vite build\` failed (${r.failed ?? 'no error'}; missing: ` +
        `${missing.join(', ') || 'nothing'}), so there is no app to package. ` +
        `Fix the build (npm run build), then rerun.\n${tail(r.output)}`,
    );
  }
}

/** A stand-in Electron distribution for the Linux `dir` target. */
function stubElectron(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const exe = join(dir, 'electron');
  writeFileSync(exe, '#!/bin/sh\necho "stand-in Electron for packaging tests" >&2\nexit 1\n');
  chmodSync(exe, 0o755);
  writeFileSync(join(dir, 'LICENSE'), 'stand-in Electron distribution\n');
}

/** Every bare module specifier the built main-process bundles import or resolve. */
function bareImports(dir: string): string[] {
  const found = new Set<string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.js')) {
        const src = readFileSync(p, 'utf8');
        // A specifier has no white space: prose such as "…learned from'),\n" is no import.
        const re =
          /(?:\bfrom\s*|\bimport\(\s*|\brequire\(\s*|\.resolve\(\s*)["']([^"'./\s][^"'\s]*)["']/g;
        for (const m of src.matchAll(re)) if (m[1]) found.add(m[1]);
      }
    }
  };
  walk(dir);
  const builtins = new Set(builtinModules);
  return [...found]
    .filter((s) => !s.startsWith('node:') && !builtins.has(s))
    .filter((s) => s !== 'electron' && !s.startsWith('electron/'))
    .sort();
}

/** Top-level package names under the archive's node_modules. */
function packagedPackages(): Set<string> {
  const names = new Set<string>();
  for (const e of entries) {
    const name = /^\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(e)?.[1];
    if (name && (!name.startsWith('@') || name.includes('/'))) names.add(name);
  }
  return names;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'shiol-packaging-'));
  cacheDir = join(work, 'cache');
  mkdirSync(cacheDir);
  const closed = 'http://127.0.0.1:9';
  // Without VITEST*: builder-util silences its log under vitest, and the log is checked below.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')),
  );
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
    ELECTRON_BUILDER_CACHE: cacheDir,
    ELECTRON_CACHE: join(cacheDir, 'electron'),
    CSC_IDENTITY_AUTO_DISCOVERY: 'false',
    npm_config_offline: 'true',
    HTTP_PROXY: closed,
    HTTPS_PROXY: closed,
    http_proxy: closed,
    https_proxy: closed,
    NO_PROXY: '',
    no_proxy: '',
  };
  ensureBuilt(env);

  const dist = join(work, 'electron-dist');
  stubElectron(dist);
  const output = join(work, 'dist');
  const cli = join(ROOT, 'node_modules/electron-builder/cli.js');
  const r = run(
    process.execPath,
    [
      cli,
      '--linux',
      'dir',
      '--x64',
      '--publish',
      'never',
      `-c.electronDist=${dist}`,
      `-c.directories.output=${output}`,
    ],
    env,
    150_000,
  );
  builderLog = r.output;
  if (r.failed)
    throw new Error(`electron-builder --linux dir failed (${r.failed}):\n${tail(r.output)}`);

  appOut = join(output, 'linux-unpacked');
  resources = join(appOut, 'resources');
  asarPath = join(resources, 'app.asar');
  if (!existsSync(asarPath))
    throw new Error(`electron-builder made no ${asarPath}:\n${tail(builderLog)}`);
  entries = listPackage(asarPath, { isPack: false }).map((e) => e.split('\\').join('/'));
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('electron-builder.yml', () => {
  it('targets AppImage, deb and tar.gz on Linux, nsis on Windows and dmg on macOS', () => {
    const targets = (key: string) => (CONFIG[key] as { target: string[] }).target;
    expect(targets('linux')).toEqual(['AppImage', 'deb', 'tar.gz']);
    expect(targets('win')).toEqual(['nsis']);
    expect(targets('mac')).toEqual(['dmg']);
    expect(CONFIG.productName).toBe('SHIOL+ Batch');
    expect((CONFIG.linux as { category: string }).category).toBe('Utility');
    expect((CONFIG.linux as { maintainer?: string }).maintainer).toMatch(/<.+@.+>/);
  });

  it('never rebuilds native modules and configures no update feed', () => {
    expect(CONFIG.npmRebuild).toBe(false);
    expect(CONFIG.nodeGypRebuild).toBe(false);
    expect(CONFIG.buildDependenciesFromSource).toBe(false);
    expect(CONFIG.publish).toBeNull();
    expect(CONFIG).not.toHaveProperty('electronDownload');
    expect(builderLog).toMatch(/skipped dependencies rebuild/);
    expect(builderLog).not.toMatch(/node-gyp|rebuilding native/i);
  });

  it('has icons in resources/: a 512x512 png, an ico with 256x256 and an icns', () => {
    const png = readFileSync(join(ROOT, 'resources/icon.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);

    const ico = readFileSync(join(ROOT, 'resources/icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1); // type 1: icon
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + i * 16] || 256);
    expect(sizes).toContain(256);
    expect(sizes).toContain(16);

    const icns = readFileSync(join(ROOT, 'resources/icon.icns'));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    expect(icns.includes(Buffer.from('ic09'))).toBe(true); // 512x512
  });

  it('icons resolve as electron-builder picks them per platform, with no conversion tool', async () => {
    const { convertIcon } = await import('app-builder-lib/out/util/iconConverter');
    const icon = (key: string) => (CONFIG[key] as { icon?: string }).icon;
    const toolset = join(work, 'no-icons-toolset');
    mkdirSync(toolset);
    const saved = process.env.ELECTRON_BUILDER_ICONS_TOOLSET_DIR;
    // A conversion would need the icons toolset: point it at an empty folder, so it fails here
    // rather than downloading.
    process.env.ELECTRON_BUILDER_ICONS_TOOLSET_DIR = toolset;
    try {
      const roots = [join(ROOT, 'resources'), ROOT];
      const resolve = async (sources: (string | undefined)[], format: 'set' | 'ico' | 'icns') => {
        const outDir = join(work, `icon-${format}`);
        const r = await convertIcon({
          sources: sources.filter((s): s is string => !!s),
          fallbackSources: [],
          roots,
          format,
          outDir,
        });
        expect(r.isFallback, format).toBe(false);
        expect(existsSync(outDir), `${format} was converted`).toBe(false);
        return r.icons.map((i) => [relative(ROOT, i.file).split('\\').join('/'), i.size]);
      };
      // Linux desktop entries: [linux.icon, mac.icon] in LinuxTargetHelper.computeDesktopIcons.
      expect(await resolve([icon('linux'), icon('mac')], 'set')).toEqual([
        ['resources/icon.png', 512],
      ]);
      expect(await resolve([icon('win')], 'ico')).toEqual([['resources/icon.ico', 256]]);
      expect(await resolve([icon('mac')], 'icns')).toEqual([['resources/icon.icns', 0]]);
    } finally {
      if (saved === undefined) delete process.env.ELECTRON_BUILDER_ICONS_TOOLSET_DIR;
      else process.env.ELECTRON_BUILDER_ICONS_TOOLSET_DIR = saved;
    }
  });
});

describe('linux dir package', () => {
  it('downloads nothing', () => {
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('renames the Electron executable to shiol-batch and writes no update feed', () => {
    const exe = join(appOut, 'shiol-batch');
    expect(existsSync(exe)).toBe(true);
    expect(statSync(exe).mode & 0o111).not.toBe(0);
    expect(existsSync(join(appOut, 'electron'))).toBe(false);
    expect(existsSync(join(resources, 'app-update.yml'))).toBe(false);
    // No auto-updater in the app: nothing to call home at start.
    expect(packagedPackages().has('electron-updater')).toBe(false);
    const mainJs = entries.filter((e) => /^\/out\/main\/.*\.js$/.test(e));
    for (const f of mainJs) {
      const src = extractFile(asarPath, f.slice(1)).toString('utf8');
      expect(src, f).not.toMatch(/\bautoUpdater\b|electron-updater/);
    }
  });

  it('app.asar holds the built app, package.json and the runtime dependencies', () => {
    for (const f of [
      '/package.json',
      '/out/main/index.js',
      '/out/main/generator.js',
      '/out/main/generator-worker.js',
      '/out/renderer/index.html',
      '/node_modules/better-sqlite3/lib/index.js',
      '/node_modules/better-sqlite3/lib/binding.js',
      '/node_modules/hono/package.json',
      `/${WASM_DIST}/tf-backend-wasm.node.js`,
      '/node_modules/@tensorflow/tfjs/dist/tf.node.js',
    ]) {
      expect(entries, f).toContain(f);
    }
    expect(entries.some((e) => /^\/out\/preload\/index\.(c|m)?js$/.test(e))).toBe(true);
    expect(entries.some((e) => e.startsWith('/out/renderer/assets/'))).toBe(true);
    // The archive's package.json points Electron at the built main bundle.
    const packaged = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as {
      main: string;
    };
    expect(packaged.main).toBe(PKG.main);
    expect(entries).toContain(`/${packaged.main.replace(/^\.\//, '')}`);

    const pkgs = packagedPackages();
    for (const dep of Object.keys(PKG.dependencies)) expect(pkgs, dep).toContain(dep);
  });

  it('app.asar holds no sources, tests, maps, build tooling or devDependencies', () => {
    const top = new Set(entries.map((e) => e.split('/')[1]));
    expect([...top].sort()).toEqual(['node_modules', 'out', 'package.json']);
    expect(entries.filter((e) => /\.(ts|tsx|mts|cts)$/.test(e))).toEqual([]);
    expect(entries.filter((e) => e.endsWith('.map'))).toEqual([]);
    expect(entries.filter((e) => /^\/(src|test|bench|scripts|resources)\//.test(e))).toEqual([]);

    const pkgs = packagedPackages();
    // A devDependency may ship only when a runtime dependency needs it too (yaml does).
    const runtime = runtimeClosure();
    const devOnly = Object.keys(PKG.devDependencies).filter((d) => pkgs.has(d) && !runtime.has(d));
    expect(devOnly).toEqual([]);
    for (const d of ['react', 'react-dom', 'vite', 'electron', 'electron-builder', 'vitest'])
      expect(pkgs.has(d), d).toBe(false);
  });

  it('ships no node-gyp output or C sources of better-sqlite3', () => {
    const sqlite = entries.filter((e) => e.startsWith('/node_modules/better-sqlite3/'));
    expect(sqlite.filter((e) => /better-sqlite3\/(build|deps|src)(\/|$)/.test(e))).toEqual([]);
    expect(sqlite).not.toContain('/node_modules/better-sqlite3/binding.gyp');
    expect(entries.filter((e) => e.endsWith('.node') && !e.includes('/prebuilds/'))).toEqual([]);
  });

  it('unpacks the better-sqlite3 prebuild of every platform next to the archive', () => {
    for (const p of PREBUILDS) {
      const rel = `node_modules/better-sqlite3/prebuilds/${p}.node`;
      expect(entries, rel).toContain(`/${rel}`);
      expect(statFile(asarPath, rel), rel).toMatchObject({ unpacked: true });
      const file = join(`${asarPath}.unpacked`, rel);
      expect(existsSync(file), file).toBe(true);
      expect(statSync(file).size).toBe(statSync(join(ROOT, rel)).size);
    }
    // The loader for each of them stays in the archive (lib/<platform>-<arch>.js).
    for (const p of PREBUILDS)
      expect(entries).toContain(`/node_modules/better-sqlite3/lib/${p}.js`);
  });

  it('unpacks the tfjs wasm binaries so they can be read from the real filesystem', () => {
    for (const w of WASM) {
      const rel = `${WASM_DIST}/${w}`;
      expect(statFile(asarPath, rel), rel).toMatchObject({ unpacked: true });
      expect(readFileSync(join(`${asarPath}.unpacked`, rel)).subarray(0, 4)).toEqual(
        Buffer.from([0, 0x61, 0x73, 0x6d]), // "\0asm"
      );
    }
  });

  it('the packaged dependencies resolve and load: SQLite from its prebuild, tfjs on wasm', () => {
    const extracted = join(work, 'extracted');
    extractAll(asarPath, extracted);
    const specifiers = bareImports(join(extracted, 'out/main'));
    expect(specifiers).toContain('better-sqlite3');
    expect(specifiers).toContain('@tensorflow/tfjs-backend-wasm');

    const check = join(extracted, 'out/main/__load-check.mjs');
    copyFileSync(join(ROOT, 'test/packaging/load-check.mjs'), check);
    const r = spawnSync(
      process.execPath,
      [check, JSON.stringify(specifiers), join(extracted, WASM_DIST)],
      { cwd: extracted, encoding: 'utf8', timeout: 90_000, env: { ...process.env, NODE_PATH: '' } },
    );
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const result = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as {
      unresolved: string[];
      sqlite: string;
      prebuild: string;
      tfBackend: string | null;
      tfSum: number[];
    };
    expect(result.unresolved).toEqual([]);
    expect(result.sqlite).toMatch(/^3\.\d+\.\d+$/);
    // Loaded from inside the package, not from the repository's node_modules.
    const prebuild = relative(extracted, result.prebuild).split('\\').join('/');
    expect(prebuild).toMatch(
      /^node_modules\/better-sqlite3\/prebuilds\/linux(musl)?-[a-z0-9]+\.node$/,
    );
    expect(result.tfBackend).toBe('wasm');
    expect(result.tfSum).toEqual([4, 6]);
  }, 120_000);
});
