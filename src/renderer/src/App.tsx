import { Component, lazy, Suspense, useEffect, type ReactNode } from 'react';
import type { AppStore, View } from './store';
import { StoreContext, useApp } from './use-app';
import { AboutView } from './views/AboutView';
import { BatchesView } from './views/BatchesView';
import { DrawsView } from './views/DrawsView';
import { SettingsView } from './views/SettingsView';

// The charts library loads with the Metrics view, not before the first paint.
const MetricsView = lazy(() =>
  import('./views/MetricsView').then((m) => ({ default: m.MetricsView })),
);

const VIEWS: { id: View; label: string }[] = [
  { id: 'batches', label: 'Batches' },
  { id: 'metrics', label: 'Metrics' },
  { id: 'draws', label: 'Draws' },
  { id: 'settings', label: 'Settings' },
  { id: 'about', label: 'About' },
];

export function App({ store }: { store: AppStore }) {
  useEffect(() => {
    void store.getState().refresh();
  }, [store]);
  return (
    <StoreContext.Provider value={store}>
      <Shell />
    </StoreContext.Provider>
  );
}

function Shell() {
  const view = useApp((s) => s.view);
  const setView = useApp((s) => s.setView);
  const loaded = useApp((s) => s.loaded);
  // Loaded but empty-handed: the first load failed (the banner says why).
  const failed = useApp((s) => s.loaded && s.settings === null);
  const refresh = useApp((s) => s.refresh);
  return (
    <div className="app">
      <header className="topbar">
        <h1 className="brand">SHIOL+ Batch</h1>
        <nav aria-label="Views">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              className="nav-button"
              aria-current={view === v.id ? 'page' : undefined}
              onClick={() => setView(v.id)}
            >
              {v.label}
            </button>
          ))}
        </nav>
      </header>
      <Banner />
      <main className="content">
        <ErrorBoundary key={view}>
          {!loaded ? (
            <p className="muted">Loading…</p>
          ) : failed ? (
            <section className="panel" aria-label="Not connected">
              <p>The app could not load its data from the engine.</p>
              <button type="button" className="primary" onClick={() => void refresh()}>
                Retry
              </button>
            </section>
          ) : view === 'batches' ? (
            <BatchesView />
          ) : view === 'metrics' ? (
            <Suspense fallback={<p className="muted">Loading charts…</p>}>
              <MetricsView />
            </Suspense>
          ) : view === 'draws' ? (
            <DrawsView />
          ) : view === 'settings' ? (
            <SettingsView />
          ) : (
            <AboutView />
          )}
        </ErrorBoundary>
      </main>
    </div>
  );
}

const NOTICE_MS = 6000;

function Banner() {
  const error = useApp((s) => s.error);
  const notice = useApp((s) => s.notice);
  const dismiss = useApp((s) => s.dismiss);
  // Notices fade on their own; errors stay until dismissed.
  useEffect(() => {
    if (error || !notice) return;
    const timer = setTimeout(dismiss, NOTICE_MS);
    return () => clearTimeout(timer);
  }, [error, notice, dismiss]);
  if (!error && !notice) return null;
  return (
    <div className={error ? 'banner banner-error' : 'banner'} role={error ? 'alert' : 'status'}>
      <span>{error ?? notice}</span>
      <button type="button" onClick={dismiss} aria-label="Dismiss message">
        ×
      </button>
    </div>
  );
}

/** A view that throws shows its error and a way back, never a blank screen. */
class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="banner banner-error" role="alert">
        <span>This view failed: {this.state.error.message}</span>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
