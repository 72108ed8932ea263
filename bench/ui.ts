/**
 * UI figures: renderer bundle size, time from starting the headless engine to first paint in
 * Chromium, scroll smoothness over a 10,000-ticket batch, and the engine's memory with
 * 1,000,000 tickets stored.
 *   npm run bench:ui [-- --quick]   (needs Debian's Chromium at /usr/bin/chromium)
 * Prints a table and writes bench-results/ui.json.
 */
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config';
import { closeDatabase, DB_FILE_NAME, openDatabase } from '../src/main/store/database';
import { TicketStore } from '../src/main/store/ticket-store';
import { startServe } from '../test/e2e/serve-process';
import { fmtInt, makeBatches, table } from './lib';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench-results/ui.json' },
  },
});
const STORED = args.quick ? 100_000 : 1_000_000;
const SCROLL_TICKETS = 10_000;
const REPO = resolve(import.meta.dirname, '..');

function bundleSizes() {
  execFileSync('npm', ['run', 'build:renderer'], { cwd: REPO, stdio: 'ignore' });
  const dir = join(REPO, 'out/renderer/assets');
  return readdirSync(dir).map((f) => {
    const bytes = readFileSync(join(dir, f));
    return { file: f, bytes: bytes.length, gzip: gzipSync(bytes).length };
  });
}

function fillStore(dataDir: string) {
  const db = openDatabase(join(dataDir, DB_FILE_NAME));
  const tickets = new TicketStore(db);
  for (const b of makeBatches(STORED, 1000, 7)) tickets.insertBatch(b.tickets, b.mode, b.runId);
  closeDatabase(db);
}

const FCP_SCRIPT = `new Promise((ok) => {
  const seen = performance.getEntriesByName('first-contentful-paint')[0];
  if (seen) return ok(seen.startTime);
  new PerformanceObserver((l) => ok(l.getEntries()[0].startTime)).observe({ type: 'paint', buffered: true });
})`;

/** Scrolls the ticket list 120 px a frame for 4 s and records every frame's duration. */
const SCROLL_SCRIPT = `new Promise((done) => {
  const el = document.querySelector('[data-testid="ticket-scroll"]');
  const deltas = [];
  let last = performance.now();
  const end = last + 4000;
  const step = (t) => {
    deltas.push(t - last);
    last = t;
    el.scrollTop += 120;
    if (el.scrollTop + el.clientHeight >= el.scrollHeight) el.scrollTop = 0;
    if (t < end) requestAnimationFrame(step);
    else done({ deltas: deltas.slice(1), rows: el.querySelectorAll('[data-testid="ticket"]').length });
  };
  requestAnimationFrame(step);
})`;

const rssKb = (pid: number, field: 'VmRSS' | 'VmHWM') => {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
};

async function main() {
  const bundle = bundleSizes();
  const dataDir = mkdtempSync(join(tmpdir(), 'shiol-bench-ui-'));
  console.log(`filling ${fmtInt(STORED)} tickets…`);
  fillStore(dataDir);
  // The browser is up first: the figure is the engine's start to the page's first paint.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const serve = await startServe(dataDir);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(serve.openUrl);
    const fcp = (await page.evaluate(FCP_SCRIPT)) as number;
    // From spawning the engine to the first contentful paint of the page it serves.
    const firstPaintMs = serve.startMs + fcp;
    // Every stored ticket of one mode: the newest 10,000 in one virtualized list.
    await page.getByRole('combobox', { name: 'Filter by run' }).selectOption('*');
    await page.getByRole('tab', { name: 'Random', exact: true }).click();
    await page
      .getByTestId('batch-count')
      .filter({ hasText: `${SCROLL_TICKETS} tickets` })
      .waitFor();
    await page.getByTestId('ticket').first().waitFor();
    // Page scripts go in as text: tsx's helpers (__name) do not exist in the page.
    const frames = (await page.evaluate(SCROLL_SCRIPT)) as { deltas: number[]; rows: number };
    const sorted = [...frames.deltas].sort((a, b) => a - b);
    const pct = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
    const long = sorted.filter((d) => d > 1000 / 30).length;
    const rss = rssKb(serve.child.pid!, 'VmRSS');
    const hwm = rssKb(serve.child.pid!, 'VmHWM');
    const result = {
      stored_tickets: STORED,
      bundle,
      serve_listening_ms: Math.round(serve.startMs),
      first_contentful_paint_ms_after_navigation: Math.round(fcp),
      serve_start_to_first_paint_ms: Math.round(firstPaintMs),
      scroll: {
        tickets: SCROLL_TICKETS,
        frames: frames.deltas.length,
        rows_in_dom: frames.rows,
        frame_ms_p50: +pct(50).toFixed(1),
        frame_ms_p95: +pct(95).toFixed(1),
        frame_ms_max: +sorted[sorted.length - 1]!.toFixed(1),
        frames_over_33ms: long,
      },
      engine_rss_mib: +(rss / 1024).toFixed(1),
      engine_peak_rss_mib: +(hwm / 1024).toFixed(1),
    };
    console.log(
      table(
        ['measure', 'value'],
        [
          ...bundle.map((b) => [
            `bundle ${b.file}`,
            `${(b.bytes / 1024).toFixed(1)} KiB (${(b.gzip / 1024).toFixed(1)} KiB gzip)`,
          ]),
          ['serve start to listening', `${result.serve_listening_ms} ms`],
          [
            'first contentful paint after navigation',
            `${result.first_contentful_paint_ms_after_navigation} ms`,
          ],
          ['serve start to first paint', `${result.serve_start_to_first_paint_ms} ms`],
          [
            `scroll ${fmtInt(SCROLL_TICKETS)} tickets, ${frames.deltas.length} frames`,
            `p50 ${result.scroll.frame_ms_p50} ms, p95 ${result.scroll.frame_ms_p95} ms, max ${result.scroll.frame_ms_max} ms, ${long} over 33 ms, ${frames.rows} rows in the DOM`,
          ],
          [
            `engine memory, ${fmtInt(STORED)} tickets stored`,
            `RSS ${result.engine_rss_mib} MiB (peak ${result.engine_peak_rss_mib} MiB)`,
          ],
        ],
      ),
    );
    mkdirSync(resolve(REPO, 'bench-results'), { recursive: true });
    writeFileSync(resolve(REPO, args.out!), JSON.stringify(result, null, 2) + '\n');
    console.log(
      `db file ${(statSync(join(dataDir, DB_FILE_NAME)).size / 2 ** 20).toFixed(0)} MiB; wrote ${args.out}`,
    );
  } finally {
    await browser.close();
    await serve.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
