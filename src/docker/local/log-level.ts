// The level of a log line, guessed from the formats programs commonly print: plain prefixes
// ("ERROR ...", "[warn] ...", "W/Tag: ..."), logfmt (level=error), JSON (level/severity, also
// pino/bunyan numbers) and syslog priorities (<3>...). Pure: runs on the agent, before lines
// are sent, so a level filter costs no bandwidth. Unknown stays unknown (null).
// Imports nothing: the browser's log viewer imports this file as is to tag live lines.
export type LogLevel = "error" | "warn" | "info" | "debug";

const WORDS: Record<string, LogLevel> = {
  emerg: "error",
  emergency: "error",
  alert: "error",
  crit: "error",
  critical: "error",
  fatal: "error",
  panic: "error",
  err: "error",
  error: "error",
  severe: "error",
  warn: "warn",
  warning: "warn",
  notice: "info",
  info: "info",
  information: "info",
  informational: "info",
  debug: "debug",
  trace: "debug",
  verbose: "debug",
};

/** Syslog severities 0..7 (RFC 5424): emerg..err are errors, warning, notice+info, debug. */
const SYSLOG: LogLevel[] = ["error", "error", "error", "error", "warn", "info", "info", "debug"];
/** Android logcat and similar one-letter tags. */
const LETTER: Record<string, LogLevel> = { F: "error", E: "error", W: "warn", I: "info", D: "debug", V: "debug" };

const word = (w: string): LogLevel | null => WORDS[w.toLowerCase()] ?? null;

/** pino/bunyan: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal; small numbers are syslog. */
function fromNumber(n: number): LogLevel | null {
  if (!Number.isFinite(n)) return null;
  if (n >= 0 && n <= 7 && Number.isInteger(n)) return SYSLOG[n]!;
  if (n >= 50) return "error";
  if (n >= 40) return "warn";
  if (n >= 30) return "info";
  if (n >= 10) return "debug";
  return null;
}

function fromValue(v: unknown): LogLevel | null {
  if (typeof v === "number") return fromNumber(v);
  if (typeof v !== "string") return null;
  return /^\d+$/.test(v) ? fromNumber(Number(v)) : word(v.trim());
}

function fromJson(text: string): LogLevel | null {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) return null;
  const o = obj as Record<string, unknown>;
  const nested = typeof o.log === "object" && o.log !== null ? (o.log as Record<string, unknown>).level : undefined;
  for (const v of [o.level, o.severity, o.lvl, o.loglevel, o["log.level"], nested, o.levelname]) {
    const level = fromValue(v);
    if (level) return level;
  }
  return null;
}

const SYSLOG_PRI = /^<(\d{1,3})>/;
const ANDROID = /^([VDIWEF])\/[^\s:]{0,64}(?:\(\s*\d+\))?:/;
const LOGFMT = /(?:^|\s)(?:level|lvl|severity|loglevel)=["']?([A-Za-z]+|\d+)/i;
/** A level word in brackets anywhere near the start: "[warn]", "[ERROR]", "<info>", "(debug)". */
const BRACKETED = /[[(<]([A-Za-z]{3,13})[\])>]/g;
/** An upper-case level word standing alone near the start: "ERROR boom", "2024-.. WARN x", "INFO:root:". */
const UPPER = /(?:^|[\s|:])([A-Z]{3,13})(?=$|[\s:|,\]-])/g;
/** A lower-case word only counts first on the line and followed by a colon: "error: no such file". */
const LEADING = /^([a-z]{3,13}):\s/;
const HEAD = 96;

/** ERROR/WARN/INFO/DEBUG of a line without ANSI escapes, or null when it says nothing recognisable. */
export function detectLevel(text: string): LogLevel | null {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    const level = fromJson(trimmed);
    if (level) return level;
  }
  const pri = SYSLOG_PRI.exec(trimmed);
  if (pri && Number(pri[1]) <= 191) return SYSLOG[Number(pri[1]) % 8]!;
  const android = ANDROID.exec(trimmed);
  if (android) return LETTER[android[1]!]!;
  const head = trimmed.slice(0, HEAD);
  // Cheap character checks first: a search may run this on millions of lines.
  const logfmt = trimmed.includes("=") ? LOGFMT.exec(trimmed.slice(0, 512)) : null;
  if (logfmt) {
    const level = fromValue(logfmt[1]);
    if (level) return level;
  }
  for (const re of /[[(<]/.test(head) ? [BRACKETED, UPPER] : [UPPER]) {
    re.lastIndex = 0;
    for (const m of head.matchAll(re)) {
      const level = word(m[1]!);
      if (level) return level;
    }
  }
  const leading = LEADING.exec(head);
  return leading ? word(leading[1]!) : null;
}
