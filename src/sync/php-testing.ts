// Test support: a reference PHP serializer over plain JS values, written independently of
// the parser (string building, lengths from Buffer.byteLength), to check it against.
export type Php =
  | null
  | boolean
  | number
  | { float: string }
  | string
  | { arr: [string | number, Php][] }
  | { obj: string; props: [string, Php][] }
  /** A string whose content is another serialized value. */
  | { ser: Php };

const len = (s: string) => Buffer.byteLength(s, "utf8");
const str = (s: string) => `s:${len(s)}:"${s}";`;

export function phpSerialize(v: Php): string {
  if (v === null) return "N;";
  if (typeof v === "boolean") return `b:${v ? 1 : 0};`;
  if (typeof v === "number") return `i:${v};`;
  if (typeof v === "string") return str(v);
  if ("float" in v) return `d:${v.float};`;
  if ("ser" in v) return str(phpSerialize(v.ser));
  if ("arr" in v) return `a:${v.arr.length}:{${v.arr.map(([k, x]) => (typeof k === "number" ? `i:${k};` : str(k)) + phpSerialize(x)).join("")}}`;
  return `O:${len(v.obj)}:"${v.obj}":${v.props.length}:{${v.props.map(([k, x]) => str(k) + phpSerialize(x)).join("")}}`;
}

/** What a correct search-replace makes of `v`: every string (keys too) replaced, nested serialized data rewritten. */
export function phpReplaced(v: Php, replace: (s: string) => string): Php {
  if (v === null || typeof v === "boolean" || typeof v === "number") return v;
  if (typeof v === "string") return replace(v);
  if ("float" in v) return v;
  if ("ser" in v) return { ser: phpReplaced(v.ser, replace) };
  if ("arr" in v) return { arr: v.arr.map(([k, x]) => [typeof k === "string" ? replace(k) : k, phpReplaced(x, replace)]) };
  return { obj: v.obj, props: v.props.map(([k, x]) => [replace(k), phpReplaced(x, replace)]) };
}

/** A deterministic pseudo-random source (mulberry32), so a failing case can be replayed by seed. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

/** A random value up to `depth` levels deep whose strings are made of `pieces`. */
export function randomPhp(r: ReturnType<typeof rng>, pieces: readonly string[], depth: number): Php {
  const text = () => {
    let s = "";
    for (let i = r.int(6); i > 0; i--) s += r.pick(pieces);
    return s;
  };
  const kind = r.int(depth > 0 ? 10 : 6);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return r.int(2) === 1;
    case 2:
      return r.int(2000) - 1000;
    case 3:
      return { float: r.pick(["0.5", "-1.25E-7", "3", "INF", "NAN"]) };
    case 4:
    case 5:
      return text();
    case 6:
    case 7: {
      const n = r.int(5);
      const keys = new Set<string | number>();
      const arr: [string | number, Php][] = [];
      for (let i = 0; i < n; i++) {
        const k = r.int(2) ? i : `k${i}${text()}`;
        if (!keys.has(k)) arr.push([k, randomPhp(r, pieces, depth - 1)]), keys.add(k);
      }
      return { arr };
    }
    case 8:
      return { obj: r.pick(["stdClass", "WP_Widget_Text", "Some\\Missing\\Klass"]), props: [["p0", randomPhp(r, pieces, depth - 1)], [`p1${text()}`, randomPhp(r, pieces, depth - 1)]] };
    default:
      return { ser: randomPhp(r, pieces, depth - 1) };
  }
}
