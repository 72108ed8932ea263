import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { MODES } from '../../src/shared/powerball';
import { SHARED_DRAWS, startServe, type ServeProcess } from './serve-process';

const MODE_TABS = ['Random forest', 'LSTM', 'V1 strategies', 'V2 model', 'Hybrid', 'Random'];
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });

test.describe.configure({ mode: 'serial' });

let dataDir: string;
let serve: ServeProcess | null = null;
test.beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'shiol-e2e-'));
});
test.afterAll(async () => {
  await serve?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function generateAndWait(page: Page, expectedPerMode: number) {
  await page.getByRole('button', { name: 'Batches' }).click();
  await page.getByRole('button', { name: 'Generate now' }).click();
  // Progress per mode, then the result summary naming each mode's outcome.
  await expect(page.getByRole('progressbar', { name: 'LSTM progress' })).toBeVisible();
  const summary = page.getByRole('status', { name: 'Run result' });
  await expect(summary).toBeVisible({ timeout: 180_000 });
  await expect(summary).toContainText('success');
  for (const label of MODE_TABS) {
    await expect(summary).toContainText(`${label}: success, ${expectedPerMode} tickets`);
  }
}

async function expectBatchInEveryTab(page: Page, count: number) {
  for (const label of MODE_TABS) {
    await page.getByRole('tab', { name: label, exact: true }).click();
    await expect(page.getByTestId('batch-count')).toHaveText(
      new RegExp(`^${count} tickets from run `),
    );
    await expect(page.getByTestId('ticket').first()).toBeVisible();
  }
}

test('a new user imports draws, generates, changes the batch size, and finds it all after a restart', async ({
  page,
}) => {
  serve = await startServe(dataDir);
  const t0 = Date.now();
  await page.goto(serve.openUrl);
  // 1. First start: the empty state, and the token has left the address bar.
  await expect(page.getByText('There is no draw history yet')).toBeVisible();
  const paint = await page.evaluate(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  );
  console.log(
    `figure: serve start-up ${serve.startMs.toFixed(0)} ms; first contentful paint ${paint?.toFixed(0)} ms after navigation; empty state shown ${Date.now() - t0} ms after goto`,
  );
  expect(page.url()).not.toContain('token=');
  await shot(page, '1-first-start');

  // 2. Import the real history through the UI.
  await page.getByRole('button', { name: 'Import or sync draws' }).click();
  await page.getByLabel('Draw history file').setInputFiles(SHARED_DRAWS);
  await expect(page.getByText(/^Imported \d+ draws/)).toBeVisible();
  await expect(page.getByTestId('draw-count')).not.toHaveText('0');
  await shot(page, '2-draws');

  // 3-4. Generate, watch the progress, see 100 tickets in each enabled mode's tab.
  await generateAndWait(page, 100);
  await expectBatchInEveryTab(page, 100);
  await shot(page, '3-batches');

  // 5. Batch size 20, regenerate, see 20.
  await page.getByRole('button', { name: 'Settings' }).click();
  const batchSize = page.getByLabel('Batch size (tickets per mode)');
  await batchSize.fill('5000');
  await expect(page.getByText('Batch size must be an integer from 1 to 1000')).toBeVisible();
  await shot(page, '4-settings-invalid');
  await batchSize.fill('20');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  await shot(page, '5-settings');
  await generateAndWait(page, 20);
  await expectBatchInEveryTab(page, 20);

  // 6. Both runs show in the metrics.
  await page.getByRole('button', { name: 'Metrics' }).click();
  const history = page.getByRole('table', { name: 'Run history' });
  await expect(history.getByRole('row')).toHaveCount(3);
  await expect(page.getByRole('table', { name: 'Evaluation against chance' })).toBeVisible();
  await shot(page, '6-metrics');
  await page.getByRole('button', { name: 'About' }).click();
  await expect(page.getByText(/1 in 292,201,338/)).toBeVisible();
  await shot(page, '7-about');

  // 7. Restart the server: settings and tickets are still there.
  expect(await serve.stop()).toBe(0);
  serve = await startServe(dataDir);
  await page.goto(serve.openUrl);
  await expectBatchInEveryTab(page, 20);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByLabel('Batch size (tickets per mode)')).toHaveValue('20');
  const status = (await (
    await fetch(`${serve.url}/api/v1/tickets/batch-status`, {
      headers: { authorization: `Bearer ${serve.token}` },
    })
  ).json()) as { total_tickets: number; by_mode: Record<string, number> };
  expect(status.total_tickets).toBe(MODES.length * 120);

  // The OS theme: dark follows prefers-color-scheme.
  const background = () =>
    page.evaluate('getComputedStyle(document.documentElement).backgroundColor');
  const light = await background();
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background()).not.toBe(light);
  await page.getByRole('button', { name: 'Batches' }).click();
  await shot(page, '8-batches-dark');

  // The keyboard: Tab from one view button to the next, Enter opens it.
  await page.getByRole('button', { name: 'Metrics' }).focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Draw history' })).toBeVisible();
});
