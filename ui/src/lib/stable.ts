/**
 * Keeps the previous object for every row that didn't change, so a live refresh doesn't
 * re-create unchanged table rows (open menus, focus and hover survive).
 */
export function stableList<T>(prev: T[] | undefined, next: T[], key: (row: T) => string): T[] {
  if (!prev || prev.length === 0) return next;
  const old = new Map(prev.map((p) => [key(p), p]));
  return next.map((n) => {
    const o = old.get(key(n));
    return o !== undefined && JSON.stringify(o) === JSON.stringify(n) ? o : n;
  });
}
