// @vitest-environment jsdom
import fs from 'node:fs';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePending } from '../../src/main/evaluation';
import { App } from '../../src/renderer/src/App';
import { createHttpApi } from '../../src/renderer/src/api/client';
import { createAppStore, type AppStore } from '../../src/renderer/src/store';
import { DRAWS_CSV, TOKEN, makeTickets, startTestServer, type TestServer } from '../rest/helpers';

let server: TestServer | null = null;
let appStore: AppStore | null = null;

beforeAll(() => {
  // jsdom has no layout: charts need a ResizeObserver to mount.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});

afterEach(async () => {
  cleanup();
  appStore?.dispose();
  appStore = null;
  await server?.close();
  server = null;
});

/** The whole app over the HTTP transport, against a real engine and REST server. */
async function renderApp(opts: { now?: () => number; storedToken?: boolean } = {}) {
  // storedToken: the server checks the token kept in the settings, as `npm run serve` does.
  server = await startTestServer({
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.storedToken ? { token: (engine) => engine.settings.ensureToken() } : {}),
  });
  const token = opts.storedToken ? server.engine.settings.ensureToken() : TOKEN;
  const api = createHttpApi({ baseUrl: server.server.url, token, idlePollMs: 60_000 });
  const store = createAppStore(api);
  appStore = store;
  render(<App store={store} />);
  await screen.findByRole('navigation', { name: 'Views' });
  await waitFor(() => expect(store.getState().loaded).toBe(true));
  return { store, engine: server.engine, user: userEvent.setup() };
}

describe('the app', () => {
  it('shows the first-start empty state and imports draws through the file input', async () => {
    const { user, engine } = await renderApp();
    expect(screen.getByText(/There is no draw history yet/)).toBeTruthy();
    expect(
      (screen.getByRole('button', { name: 'Generate now' }) as HTMLButtonElement).disabled,
    ).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Import or sync draws' }));
    const csv = fs.readFileSync(DRAWS_CSV, 'utf8');
    await user.upload(
      screen.getByLabelText('Draw history file'),
      new File([csv], 'draws.csv', { type: 'text/csv' }),
    );
    await screen.findByText(/^Imported \d+ draws/);
    const count = engine.draws.summary().count;
    expect(count).toBeGreaterThan(1000);
    await waitFor(() => expect(screen.getByTestId('draw-count').textContent).toBe(String(count)));
    expect(screen.getByRole('table', { name: 'Draws by era' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Batches' }));
    expect(screen.getByText(/No tickets yet/)).toBeTruthy();
    expect(
      (screen.getByRole('button', { name: 'Generate now' }) as HTMLButtonElement).disabled,
    ).toBe(false);
  });

  it('shows a mode tab per enabled mode with its latest batch, and filters by run', async () => {
    const { user, engine, store } = await renderApp();
    engine.runs.create({ id: 'run-a', trigger: 'test', seed: 1, batchSize: 120, modes: ['v1'] });
    engine.tickets.insertBatch(makeTickets(120), 'v1', 'run-a');
    engine.runs.create({ id: 'run-b', trigger: 'test', seed: 2, batchSize: 30, modes: ['v1'] });
    engine.tickets.insertBatch(makeTickets(30, 7), 'v1', 'run-b');
    await store.getState().refresh();

    const tabs = await screen.findAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual([
      'Random forest',
      'LSTM',
      'V1 strategies',
      'V2 model',
      'Hybrid',
      'Random',
    ]);
    // Arrow keys move between the tabs; only the selected tab is in the Tab order.
    screen.getByRole('tab', { name: 'LSTM' }).focus();
    await user.keyboard('{ArrowRight}');
    await waitFor(() =>
      expect(screen.getByRole('tab', { name: 'V1 strategies' }).getAttribute('aria-selected')).toBe(
        'true',
      ),
    );
    expect(document.activeElement?.textContent).toBe('V1 strategies');
    expect(screen.getByRole('tab', { name: 'LSTM' }).tabIndex).toBe(-1);
    expect(screen.getByRole('tabpanel', { name: 'V1 strategies' })).toBeTruthy();
    // run-a has no finished-run record of tickets per mode, so the tab shows the newest tickets.
    await waitFor(() =>
      expect(screen.getByTestId('batch-count').textContent).toMatch(/^150 tickets/),
    );
    await user.selectOptions(screen.getByRole('combobox', { name: 'Filter by run' }), 'run-a');
    await waitFor(() =>
      expect(screen.getByTestId('batch-count').textContent).toBe('120 tickets from run run-a'),
    );
    await user.selectOptions(screen.getByRole('combobox', { name: 'Filter by run' }), '*');
    await waitFor(() => expect(screen.getByTestId('batch-count').textContent).toBe('150 tickets'));
    await user.click(screen.getByRole('tab', { name: 'V2 model' }));
    await screen.findByText('This mode has no tickets in this run.');
  });

  it('validates settings inline with the allowed range and saves a valid change', async () => {
    const { user, engine } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const batch = await screen.findByLabelText('Batch size (tickets per mode)');
    await user.clear(batch);
    await user.type(batch, '5000');
    expect((await screen.findAllByRole('alert')).map((a) => a.textContent)).toContain(
      'Batch size must be an integer from 1 to 1000',
    );
    expect(
      (screen.getByRole('button', { name: 'Save settings' }) as HTMLButtonElement).disabled,
    ).toBe(true);

    await user.clear(batch);
    await user.type(batch, '20');
    await user.click(screen.getByRole('checkbox', { name: 'LSTM' }));
    expect(screen.getByText('Unsaved changes')).toBeTruthy();
    // Another view and back: the edits are still there, not saved yet.
    await user.click(screen.getByRole('button', { name: 'About' }));
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    expect(
      ((await screen.findByLabelText('Batch size (tickets per mode)')) as HTMLInputElement).value,
    ).toBe('20');
    expect((screen.getByRole('checkbox', { name: 'LSTM' }) as HTMLInputElement).checked).toBe(
      false,
    );
    expect(engine.settings.get().batch_size).toBe(100);
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Settings saved');
    expect(engine.settings.get().batch_size).toBe(20);
    expect(engine.settings.get().enabled_modes).not.toContain('lstm');
  });

  it('shows, copies and regenerates the API token, and turns the REST port on', async () => {
    const { user, engine } = await renderApp({ storedToken: true });
    const before = engine.settings.ensureToken();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.click(await screen.findByRole('button', { name: 'Show token' }));
    await waitFor(() => expect(screen.getByLabelText('API token').textContent).toBe(before));
    await user.click(screen.getByRole('button', { name: 'Copy token' }));
    expect(await navigator.clipboard.readText()).toBe(before);

    window.confirm = () => true;
    await user.click(screen.getByRole('button', { name: 'Regenerate token' }));
    await screen.findByText(/A new API token is in use/);
    const after = engine.settings.get().rest.token;
    expect(after).not.toBe(before);
    await waitFor(() => expect(screen.getByLabelText('API token').textContent).toBe(after));
    // The page carries on with the new token.
    expect(screen.queryByText('the API token is wrong')).toBeNull();

    await user.click(screen.getByRole('checkbox', { name: 'REST port on' }));
    const port = screen.getByLabelText('Port (0 to 65535)');
    await user.clear(port);
    await user.type(port, '70000');
    expect(await screen.findByText('Port must be an integer from 0 to 65535')).toBeTruthy();
    await user.clear(port);
    await user.type(port, '8123');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Settings saved');
    expect(engine.settings.get().rest).toMatchObject({ enabled: true, port: 8123 });
  });

  it('shows metrics, the run history and how scored tickets compare with chance', async () => {
    // Tickets made in mid-2024 are scored against the next real draw.
    let clock = Date.parse('2024-06-01T12:00:00Z');
    const { user, engine, store } = await renderApp({ now: () => clock });
    await user.click(screen.getByRole('button', { name: 'Metrics' }));
    // The view (and its chart library) loads on first use.
    expect(
      await screen.findByText(/No ticket has been scored yet/, {}, { timeout: 15_000 }),
    ).toBeTruthy();
    expect(screen.getAllByText(/no tickets scored yet/)).toHaveLength(6);
    expect(screen.queryByRole('table', { name: 'Prize tiers against expected counts' })).toBeNull();

    engine.handlers.importDraws({ text: fs.readFileSync(DRAWS_CSV, 'utf8') });
    engine.runs.create({
      id: 'run-m',
      trigger: 'manual',
      seed: 3,
      batchSize: 40,
      modes: ['random'],
    });
    engine.tickets.insertBatch(makeTickets(40), 'random', 'run-m');
    clock = Date.parse('2025-01-01T12:00:00Z');
    expect(evaluatePending(engine.db, () => clock)).toBe(40);
    await store.getState().refresh();

    const history = await screen.findByRole('table', { name: 'Run history' });
    expect(within(history).getByText('run-m')).toBeTruthy();
    const chance = screen.getByRole('table', { name: 'Evaluation against chance' });
    const row = within(chance).getByText('Random').closest('tr')!;
    expect(row.textContent).toContain('40');
    expect(row.textContent).toMatch(/\d\.\d{3} \(\d\.\d{3}–\d\.\d{3}\)/);
    expect(row.textContent).toMatch(/chance/i);
    const tiers = screen.getByRole('table', { name: 'Prize tiers against expected counts' });
    expect(within(tiers).getByText(/^4\+PB/)).toBeTruthy();
  });

  it('says plainly that no mode beats chance, with the odds and the version', async () => {
    const { user } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'About' }));
    expect(screen.getByText(/1 in 292,201,338/)).toBeTruthy();
    expect(screen.getByText(/No mode here beats chance in expectation/)).toBeTruthy();
    expect(screen.getByText(/^Version \d+\.\d+\.\d+/)).toBeTruthy();
  });

  it('shows a readable error when the engine goes away, not a blank screen', async () => {
    const { user } = await renderApp();
    await server!.server.close();
    await user.click(screen.getByRole('button', { name: 'Draws' }));
    await user.click(screen.getByRole('button', { name: 'Sync now' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/cannot be reached/);
    expect(screen.getByRole('navigation', { name: 'Views' })).toBeTruthy();
  });
});
