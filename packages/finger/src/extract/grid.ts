// Block grid shared by the field stages: fields are sampled once per `size`-pixel block.
export interface BlockGrid { size: number; cols: number; rows: number }

export function blockGrid(width: number, height: number, size: number): BlockGrid {
  return { size, cols: Math.ceil(width / size), rows: Math.ceil(height / size) };
}

/**
 * Sum over the box [x0,x1) × [y0,y1), clipped to the image, from a summed-area table with one extra
 * row and column of zeros (built where the summed values are computed, to save a pass).
 */
export function boxSum(table: Float64Array, width: number, height: number, x0: number, y0: number, x1: number, y1: number): number {
  x0 = Math.max(0, x0); y0 = Math.max(0, y0); x1 = Math.min(width, x1); y1 = Math.min(height, y1);
  if (x1 <= x0 || y1 <= y0) return 0;
  const w1 = width + 1;
  return table[y1 * w1 + x1] - table[y0 * w1 + x1] - table[y1 * w1 + x0] + table[y0 * w1 + x0];
}
