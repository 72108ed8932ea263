import type { Rng } from '../rng';

/*
 * A small, fast random-forest classifier for binary labels.
 *
 * Why not `ml-random-forest` (which the spec allows only if it meets the targets): it is known
 * to be slow at this size (~35k rows x 12 features for the whites) and would add a dependency
 * for a few hundred lines of code. Here every feature is quantized once to at most 32 bins, so
 * a split search is one histogram pass over the node's rows; the bootstrap is a per-row count
 * (a weight), and every random choice comes from the seeded Rng passed in, so the same data and
 * seed always give the same forest.
 */

export interface ForestParams {
  trees: number;
  maxDepth: number;
  /** Fewest (bootstrap-weighted) rows in a leaf. */
  minLeaf: number;
  /** Features tried at each split. */
  mtry: number;
  /** Histogram bins per feature, at most 256. */
  bins: number;
}

/** Flat tree: node i is a leaf when feature[i] < 0, else rows with bin <= split[i] go left. */
export interface Tree {
  feature: Int16Array;
  split: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf probability of the positive label. */
  value: Float64Array;
}

export interface Forest {
  /** Per feature, ascending upper bounds of bins 0..edges.length-1; larger values fall in the last bin. */
  edges: Float64Array[];
  trees: Tree[];
}

export interface ForestReport {
  forest: Forest;
  /** Gini decrease per feature, summed over all splits and scaled to sum 1. */
  importance: Float64Array;
  /** Out-of-bag log loss and that of always predicting the base rate (lower is better). */
  oobLogLoss: number;
  baseLogLoss: number;
}

/** Up to `maxBins` bin upper bounds for a column: its distinct values, or its quantiles. */
export function binEdges(values: Float64Array, maxBins: number): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  }
  if (distinct.length <= maxBins) return Float64Array.from(distinct.slice(0, -1));
  const edges: number[] = [];
  for (let k = 1; k < maxBins; k++) {
    const q = sorted[Math.min(sorted.length - 1, Math.floor((k * sorted.length) / maxBins))]!;
    if (edges.length === 0 || q > edges[edges.length - 1]!) edges.push(q);
  }
  // The top bin must hold the largest values.
  if (edges[edges.length - 1] === sorted[sorted.length - 1]) edges.pop();
  return Float64Array.from(edges);
}

/** The bin of a value: the first edge it does not exceed, else the last bin. */
export function binOf(value: number, edges: Float64Array): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function trainForest(
  columns: readonly Float64Array[],
  labels: Uint8Array,
  params: ForestParams,
  rng: Rng,
  onTree: (done: number, total: number) => void = () => {},
): ForestReport {
  const rows = labels.length;
  const features = columns.length;
  const edges = columns.map((c) => binEdges(c, params.bins));
  const binned = columns.map((c, f) => Uint8Array.from(c, (v) => binOf(v, edges[f]!)));
  const binCounts = edges.map((e) => e.length + 1);

  const importance = new Float64Array(features);
  const oobSum = new Float64Array(rows);
  const oobCount = new Uint16Array(rows);
  const weight = new Uint16Array(rows);
  const index = new Int32Array(rows);
  const trees: Tree[] = [];

  for (let k = 0; k < params.trees; k++) {
    weight.fill(0);
    for (let i = 0; i < rows; i++) weight[Math.floor(rng.next() * rows)]!++;
    let inBag = 0;
    for (let i = 0; i < rows; i++) if (weight[i]! > 0) index[inBag++] = i;
    const tree = growTree(binned, binCounts, labels, weight, index, inBag, params, rng, importance);
    trees.push(tree);
    for (let i = 0; i < rows; i++) {
      if (weight[i] === 0) {
        oobSum[i]! += predictBinned(tree, binned, i);
        oobCount[i]!++;
      }
    }
    onTree(k + 1, params.trees);
  }

  let positives = 0;
  for (let i = 0; i < rows; i++) positives += labels[i]!;
  const base = clampP(positives / rows);
  let oob = 0;
  let baseLoss = 0;
  let scored = 0;
  for (let i = 0; i < rows; i++) {
    if (oobCount[i] === 0) continue;
    const p = clampP(oobSum[i]! / oobCount[i]!);
    oob -= labels[i] ? Math.log(p) : Math.log(1 - p);
    baseLoss -= labels[i] ? Math.log(base) : Math.log(1 - base);
    scored++;
  }
  const gain = importance.reduce((a, b) => a + b, 0);
  if (gain > 0) for (let f = 0; f < features; f++) importance[f]! /= gain;
  return {
    forest: { edges, trees },
    importance,
    oobLogLoss: scored ? oob / scored : NaN,
    baseLogLoss: scored ? baseLoss / scored : NaN,
  };
}

/** Mean leaf probability over the trees for each row of a column-major table. */
export function predictForest(
  forest: Forest,
  columns: readonly Float64Array[],
  rows: number,
): Float64Array {
  const binned = columns.map((c, f) =>
    Uint8Array.from(c.subarray(0, rows), (v) => binOf(v, forest.edges[f]!)),
  );
  const out = new Float64Array(rows);
  for (const tree of forest.trees)
    for (let i = 0; i < rows; i++) out[i]! += predictBinned(tree, binned, i);
  for (let i = 0; i < rows; i++) out[i]! /= forest.trees.length;
  return out;
}

const clampP = (p: number) => Math.min(1 - 1e-9, Math.max(1e-9, p));

function predictBinned(tree: Tree, binned: readonly Uint8Array[], row: number): number {
  let node = 0;
  for (;;) {
    const f = tree.feature[node]!;
    if (f < 0) return tree.value[node]!;
    node = binned[f]![row]! <= tree.split[node]! ? tree.left[node]! : tree.right[node]!;
  }
}

interface Pending {
  node: number;
  start: number;
  end: number;
  depth: number;
}

/** Grows one tree on index[0..count) (rows with bootstrap weight > 0), splitting by gini. */
function growTree(
  binned: readonly Uint8Array[],
  binCounts: readonly number[],
  labels: Uint8Array,
  weight: Uint16Array,
  index: Int32Array,
  count: number,
  params: ForestParams,
  rng: Rng,
  importance: Float64Array,
): Tree {
  const features = binned.length;
  const mtry = Math.min(params.mtry, features);
  const feature: number[] = [];
  const split: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const addNode = () => {
    feature.push(-1);
    split.push(0);
    left.push(-1);
    right.push(-1);
    value.push(0);
    return feature.length - 1;
  };

  const histW = new Float64Array(256);
  const histP = new Float64Array(256);
  const order = Int32Array.from({ length: features }, (_, f) => f);
  const stack: Pending[] = [{ node: addNode(), start: 0, end: count, depth: 0 }];

  while (stack.length > 0) {
    const { node, start, end, depth } = stack.pop()!;
    let total = 0;
    let pos = 0;
    for (let j = start; j < end; j++) {
      const i = index[j]!;
      total += weight[i]!;
      if (labels[i]) pos += weight[i]!;
    }
    value[node] = total > 0 ? pos / total : 0;
    if (depth >= params.maxDepth || total < 2 * params.minLeaf || pos === 0 || pos === total)
      continue;

    // mtry distinct features: a partial Fisher-Yates shuffle of `order`.
    for (let a = 0; a < mtry; a++) {
      const b = a + Math.floor(rng.next() * (features - a));
      const tmp = order[a]!;
      order[a] = order[b]!;
      order[b] = tmp;
    }

    const parentCost = (pos * (total - pos)) / total;
    let bestCost = parentCost - 1e-9;
    let bestFeature = -1;
    let bestSplit = 0;
    for (let a = 0; a < mtry; a++) {
      const f = order[a]!;
      const nb = binCounts[f]!;
      if (nb < 2) continue;
      const col = binned[f]!;
      histW.fill(0, 0, nb);
      histP.fill(0, 0, nb);
      for (let j = start; j < end; j++) {
        const i = index[j]!;
        const w = weight[i]!;
        histW[col[i]!]! += w;
        if (labels[i]) histP[col[i]!]! += w;
      }
      let wl = 0;
      let pl = 0;
      for (let b = 0; b < nb - 1; b++) {
        wl += histW[b]!;
        pl += histP[b]!;
        if (wl < params.minLeaf) continue;
        const wr = total - wl;
        if (wr < params.minLeaf) break;
        const pr = pos - pl;
        const cost = (pl * (wl - pl)) / wl + (pr * (wr - pr)) / wr;
        if (cost < bestCost) {
          bestCost = cost;
          bestFeature = f;
          bestSplit = b;
        }
      }
    }
    if (bestFeature < 0) continue;

    importance[bestFeature]! += parentCost - bestCost;
    // Partition index[start..end) so rows going left come first.
    const col = binned[bestFeature]!;
    let mid = start;
    for (let j = start; j < end; j++) {
      const i = index[j]!;
      if (col[i]! <= bestSplit) {
        index[j] = index[mid]!;
        index[mid++] = i;
      }
    }
    feature[node] = bestFeature;
    split[node] = bestSplit;
    const l = addNode();
    const r = addNode();
    left[node] = l;
    right[node] = r;
    stack.push({ node: r, start: mid, end, depth: depth + 1 });
    stack.push({ node: l, start, end: mid, depth: depth + 1 });
  }

  return {
    feature: Int16Array.from(feature),
    split: Uint8Array.from(split),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
  };
}
