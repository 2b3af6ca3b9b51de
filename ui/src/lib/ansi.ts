/**
 * Minimal ANSI SGR parser for job logs: returns text segments with CSS classes / colors.
 * Rendered as text nodes (never innerHTML), so log content can't inject markup.
 */

export interface AnsiSegment {
  text: string;
  classes: string;
  color?: string;
  background?: string;
}

interface State {
  fg: number | null;
  bg: number | null;
  fgRgb?: string;
  bgRgb?: string;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
}

const fresh = (): State => ({ fg: null, bg: null, bold: false, dim: false, italic: false, underline: false });

const CUBE = [0, 95, 135, 175, 215, 255];
function xterm256(n: number): string {
  if (n < 16) return "";
  if (n < 232) {
    const i = n - 16;
    return `rgb(${CUBE[Math.floor(i / 36)]},${CUBE[Math.floor(i / 6) % 6]},${CUBE[i % 6]})`;
  }
  const g = 8 + (n - 232) * 10;
  return `rgb(${g},${g},${g})`;
}

function applyCodes(st: State, codes: number[]): void {
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] ?? 0;
    if (c === 0) Object.assign(st, fresh(), { fgRgb: undefined, bgRgb: undefined });
    else if (c === 1) st.bold = true;
    else if (c === 2) st.dim = true;
    else if (c === 3) st.italic = true;
    else if (c === 4) st.underline = true;
    else if (c === 22) st.bold = st.dim = false;
    else if (c === 23) st.italic = false;
    else if (c === 24) st.underline = false;
    else if (c >= 30 && c <= 37) (st.fg = c - 30), (st.fgRgb = undefined);
    else if (c >= 90 && c <= 97) (st.fg = c - 90 + 8), (st.fgRgb = undefined);
    else if (c === 39) (st.fg = null), (st.fgRgb = undefined);
    else if (c >= 40 && c <= 47) (st.bg = c - 40), (st.bgRgb = undefined);
    else if (c >= 100 && c <= 107) (st.bg = c - 100 + 8), (st.bgRgb = undefined);
    else if (c === 49) (st.bg = null), (st.bgRgb = undefined);
    else if (c === 38 || c === 48) {
      const isFg = c === 38;
      let value: string | undefined;
      let index: number | null = null;
      if (codes[i + 1] === 5) {
        const n = codes[i + 2] ?? 0;
        if (n < 16) index = n;
        else value = xterm256(n);
        i += 2;
      } else if (codes[i + 1] === 2) {
        value = `rgb(${codes[i + 2] ?? 0},${codes[i + 3] ?? 0},${codes[i + 4] ?? 0})`;
        i += 4;
      }
      if (isFg) (st.fg = index), (st.fgRgb = value);
      else (st.bg = index), (st.bgRgb = value);
    }
  }
}

function classesOf(st: State): string {
  const out: string[] = [];
  if (st.fg !== null) out.push(`ansi-fg-${st.bold && st.fg < 8 ? st.fg + 8 : st.fg}`);
  if (st.bg !== null) out.push(`ansi-bg-${st.bg}`);
  if (st.bold) out.push("ansi-bold");
  if (st.dim) out.push("ansi-dim");
  if (st.italic) out.push("ansi-italic");
  if (st.underline) out.push("ansi-underline");
  return out.join(" ");
}

// CSI sequences (colors, cursor moves...) and OSC sequences (titles, hyperlinks).
const ESCAPES = /\u001b\[([0-9;?]*)([A-Za-z])|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[()][A-Za-z0-9]|\r/g;

export function parseAnsi(input: string): AnsiSegment[] {
  const segments: AnsiSegment[] = [];
  const st = fresh();
  let last = 0;
  const push = (text: string) => {
    if (text) segments.push({ text, classes: classesOf(st), color: st.fgRgb, background: st.bgRgb });
  };
  for (const m of input.matchAll(ESCAPES)) {
    push(input.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[2] === "m") applyCodes(st, (m[1] || "0").split(";").map((x) => Number.parseInt(x || "0", 10)));
  }
  push(input.slice(last));
  return segments;
}

export const hasAnsi = (s: string): boolean => s.includes("\u001b");

/** Plain text without escape sequences (for downloads and copying). */
export const stripAnsi = (s: string): string => s.replace(ESCAPES, "");
