/** Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => [i, ...new Array<number>(cols - 1).fill(0)]);
  for (let j = 1; j < cols; j++) d[0]![j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate the user most likely meant, or undefined when none is close: a small edit distance for the
 * length, or one name a prefix of the other (`lora_rank` -> `lora_r`). Case is ignored.
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const wanted = input.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const name = candidate.toLowerCase();
    if (name === wanted) return candidate;
    const distance = editDistance(wanted, name);
    const limit = wanted.length <= 4 ? 1 : wanted.length <= 8 ? 2 : 3;
    const prefix = Math.min(wanted.length, name.length) >= 4 && (wanted.startsWith(name) || name.startsWith(wanted));
    const score = prefix ? Math.min(distance, limit) - 0.5 : distance;
    if ((distance <= limit || prefix) && score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
