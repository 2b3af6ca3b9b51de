/** Sortable table state: one key at a time, click again to flip the direction. */
import { createSignal } from "solid-js";

export type SortDir = "asc" | "desc";
type Value = string | number | null | undefined;

export function createSort<T, K extends string>(accessors: Record<K, (row: T) => Value>, initial: K, dir: SortDir = "asc") {
  const [key, setKey] = createSignal<K>(initial);
  const [direction, setDirection] = createSignal<SortDir>(dir);

  const toggle = (k: K) => {
    if (key() === k) setDirection((d) => (d === "asc" ? "desc" : "asc"));
    else {
      setKey(() => k);
      setDirection("asc");
    }
  };

  const sorted = (rows: T[]): T[] => {
    const get = accessors[key()];
    const sign = direction() === "asc" ? 1 : -1;
    return rows.slice().sort((a, b) => {
      const x = get(a);
      const y = get(b);
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      if (typeof x === "number" && typeof y === "number") return (x - y) * sign;
      return String(x).localeCompare(String(y), undefined, { numeric: true, sensitivity: "base" }) * sign;
    });
  };

  return { key, direction, toggle, sorted };
}

export type Sorter<K extends string> = { key: () => K; direction: () => SortDir; toggle: (k: K) => void };
