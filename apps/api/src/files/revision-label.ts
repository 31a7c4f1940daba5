/** A, B, …, Z, AA, AB, … — the n-th (1-based) label of the drawing-revision convention. */
export function labelAt(n: number): string {
  let label = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    label = String.fromCharCode(65 + ((rest - 1) % 26)) + label;
  }
  return label;
}

/** The label for the next revision: the one after those in use, skipping any already taken by hand. */
export function nextLabel(used: readonly string[]): string {
  const taken = new Set(used.map((l) => l.toUpperCase()));
  for (let n = taken.size + 1; ; n++) {
    const label = labelAt(n);
    if (!taken.has(label)) return label;
  }
}
