import type { Mode } from '../../shared/powerball';

export const MODE_LABELS: Record<Mode, string> = {
  random_forest: 'Random forest',
  lstm: 'LSTM',
  v1: 'V1 strategies',
  v2: 'V2 model',
  hybrid: 'Hybrid',
  random: 'Random',
};

export const seconds = (ms: number | null | undefined): string =>
  ms === null || ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`;

export const dateTime = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toLocaleString() : '—';
