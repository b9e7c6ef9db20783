/**
 * The flat parameter layout. Layers l = 1..L each own a block of (d(l−1) + 1)·d(l)
 * numbers, blocks in order of l; inside a block, w_ij^(l) sits at
 *
 *     offset(l) + i·d(l) + j,   i = 0..d(l−1) (i = 0 is the bias weight), j = 0..d(l)−1.
 *
 * Gradients use the same layout.
 */
/** Where each weight sits in the flat parameter array: w_ij^(l) at offset(l) + i·d(l) + j, i = 0 the bias. */
export interface Layout {
  /** Widths d = [d0, …, dL]. */
  readonly d: readonly number[];
  /** offset[l] for l = 1..L; offset[0] = 0 is unused; offset[L + 1] = the parameter count. */
  readonly offset: readonly number[];
  /** Total number of parameters. */
  readonly size: number;
}

export function createLayout(d: readonly number[]): Layout {
  const offset = [0, 0];
  for (let l = 1; l < d.length; l++) offset.push(offset[l] + (d[l - 1] + 1) * d[l]);
  return { d: [...d], offset, size: offset[d.length] };
}

/** Flat index of w_ij^(l). */
export function weightIndex(layout: Layout, l: number, i: number, j: number): number {
  return layout.offset[l] + i * layout.d[l] + j;
}

/** The weight at a flat index, as (l, i, j). */
export interface WeightPosition {
  readonly l: number;
  readonly i: number;
  readonly j: number;
}

/** The inverse of weightIndex: (l, i, j) of the weight at a flat index. */
export function weightPosition(layout: Layout, index: number): WeightPosition {
  let l = 1;
  while (index >= layout.offset[l + 1]) l++;
  const local = index - layout.offset[l];
  return { l, i: Math.floor(local / layout.d[l]), j: local % layout.d[l] };
}

/** "w[l=2][i=0][j=1]": the name reports use for a parameter. */
export function weightName(layout: Layout, index: number): string {
  const { l, i, j } = weightPosition(layout, index);
  return `w[l=${l}][i=${i}][j=${j}]`;
}
