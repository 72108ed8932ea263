import type { Mode } from '../../shared/powerball';
import { hybridMode } from './hybrid';
import { lstmMode } from './lstm';
import { randomMode } from './random';
import { randomForestMode } from './random-forest';
import type { ModeImpl } from './types';
import { v1Mode } from './v1';
import { v2Mode } from './v2';

export const MODE_IMPLS: Record<Mode, ModeImpl<unknown>> = {
  random_forest: randomForestMode as ModeImpl<unknown>,
  lstm: lstmMode as ModeImpl<unknown>,
  v1: v1Mode as ModeImpl<unknown>,
  v2: v2Mode as ModeImpl<unknown>,
  hybrid: hybridMode as ModeImpl<unknown>,
  random: randomMode as ModeImpl<unknown>,
};
