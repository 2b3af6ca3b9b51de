// Log history search through the API, on the real engine: a container prints known lines
// (plain, JSON, ANSI-coloured, on stderr, in two batches a few seconds apart) and searches
// return exactly the lines they should.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { dockerFixtures, dockerReady, eventually } from "../docker/testing.ts";
import { createTestApp, insertApp, type TestClient } from "./testing.ts";

const ready = await dockerReady();

const FIRST = [
  "INFO start",
  "ERROR boom 1",
  "WARN disk at 80%",
  '{"level":"error","msg":"json boom 2"}',
  '{"level":30,"msg":"pino hello"}',
  "\u001b[31mERROR\u001b[0m red boom 3",
  "DEBUG tick",
];
const LATER = ["INFO later", "ERROR boom 4"];
// printf with %s keeps the lines byte-exact (no shell escapes to interpret); the ANSI line is an argument.
const script = `printf '%s\\n' "$@"; echo "ERROR on stderr" >&2; sleep 3; printf '%s\\n' ${LATER.map((l) => `'${l}'`).join(" ")}; exec sleep 600`;

interface Found {
  text: string;
  stream: string;
  ts: string;
  level: string | null;
  matches: [number, number][];
  container: string;
}

describe.skipIf(!ready)("log search API", () => {
  const fx = dockerFixtures("logs");
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let viewer: TestClient;
  let box: string;
  let all: Found[];

  const search = async (query: string, who = viewer) => {
    const r = await who.request("GET", `/servers/local/containers/${box}/logs/search?${query}`);
    return { status: r.status, body: r.body, texts: (r.body?.lines ?? []).map((l: Found) => l.text) as string[] };
  };

  beforeAll(async () => {
    t = await createTestApp();
    const owner = await t.owner();
    viewer = await t.userWithRole(owner, "viewer");
    box = await fx.run("printer", [], ["sh", "-c", script, "sh", ...FIRST]);
    all = await eventually(async () => {
      const r = await search("limit=100");
      expect(r.texts).toHaveLength(FIRST.length + 1 + LATER.length);
      return r.body.lines as Found[];
    }, 30_000);
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await fx.cleanup();
  }, 60_000);

  test("no filter: every line, in order, with Docker's timestamps and detected levels", () => {
    const byText = new Map(all.map((l) => [l.text, l]));
    expect(all.map((l) => l.text).filter((x) => x !== "ERROR on stderr")).toEqual([...FIRST, ...LATER]);
    expect(byText.get("ERROR on stderr")!.stream).toBe("stderr");
    expect(all.every((l) => /^\d{4}-\d\d-\d\dT/.test(l.ts))).toBe(true);
    expect(Object.fromEntries(all.map((l) => [l.text, l.level]))).toEqual({
      "INFO start": "info",
      "ERROR boom 1": "error",
      "WARN disk at 80%": "warn",
      '{"level":"error","msg":"json boom 2"}': "error",
      '{"level":30,"msg":"pino hello"}': "info",
      "\u001b[31mERROR\u001b[0m red boom 3": "error",
      "DEBUG tick": "debug",
      "ERROR on stderr": "error",
      "INFO later": "info",
      "ERROR boom 4": "error",
    });
  });

  test("text search: exactly the lines containing it, case-insensitive, with match positions past ANSI", async () => {
    const r = await search("q=BOOM");
    expect(r.status).toBe(200);
    expect(r.texts).toEqual(["ERROR boom 1", '{"level":"error","msg":"json boom 2"}', "\u001b[31mERROR\u001b[0m red boom 3", "ERROR boom 4"]);
    expect(r.body.lines.map((l: Found) => l.matches)).toEqual([[[6, 10]], [[29, 33]], [[10, 14]], [[6, 10]]]);
    expect(r.body).toMatchObject({ matched: 4, limited: false, timedOut: false });
    expect((await search("q=boom&case=true&q=BOOM")).status).toBe(200);
    expect((await search(`q=${encodeURIComponent("80%")}`)).texts).toEqual(["WARN disk at 80%"]);
  });

  test("regex search, and case sensitivity", async () => {
    expect((await search(`q=${encodeURIComponent("^ERROR boom \\d$")}&regex=true`)).texts).toEqual(["ERROR boom 1", "ERROR boom 4"]);
    expect((await search(`q=${encodeURIComponent("^(info|debug) ")}&regex=true`)).texts).toEqual(["INFO start", "DEBUG tick", "INFO later"]);
    expect((await search(`q=${encodeURIComponent("^(info|debug) ")}&regex=true&case=true`)).texts).toEqual([]);
  });

  test("level filter: ERROR/WARN/INFO/DEBUG from prefixes, JSON and ANSI-coloured lines", async () => {
    expect((await search("levels=error")).texts).toEqual([
      "ERROR boom 1",
      '{"level":"error","msg":"json boom 2"}',
      "\u001b[31mERROR\u001b[0m red boom 3",
      "ERROR on stderr",
      "ERROR boom 4",
    ].sort((a, b) => all.findIndex((l) => l.text === a) - all.findIndex((l) => l.text === b)));
    expect((await search("levels=warn,debug")).texts).toEqual(["WARN disk at 80%", "DEBUG tick"]);
    expect((await search("levels=info&q=later")).texts).toEqual(["INFO later"]);
    const bad = await search("levels=loud");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_level");
  });

  test("time range: since and until split the two batches", async () => {
    const later = all.find((l) => l.text === "INFO later")!;
    const lastFirst = all.find((l) => l.text === "DEBUG tick")!;
    // Half-way between the batches (3 s apart): Docker applies since/until to each line's time.
    const cut = (Date.parse(lastFirst.ts) + Date.parse(later.ts)) / 2000;
    expect((await search(`since=${cut}`)).texts).toEqual(LATER);
    expect((await search(`until=${cut}&q=boom`)).texts).toEqual(["ERROR boom 1", '{"level":"error","msg":"json boom 2"}', "\u001b[31mERROR\u001b[0m red boom 3"]);
    expect((await search(`range=1h&levels=error&q=boom`)).texts).toHaveLength(4);
    expect((await search(`since=${encodeURIComponent(new Date(cut * 1000).toISOString())}`)).texts).toEqual(LATER);
  });

  test("limit keeps the newest lines and says it cut", async () => {
    const r = await search("levels=error&limit=2");
    // stdout and stderr are separate pipes: where the stderr line falls is up to the kernel.
    expect(r.texts).toEqual(all.filter((l) => l.level === "error").slice(-2).map((l) => l.text));
    expect(r.body).toMatchObject({ limited: true, matched: 5 });
  });

  test("bad input: invalid regex, catastrophic pattern, absurd ranges, limits -> 400 with a clear message", async () => {
    const re = await search(`q=${encodeURIComponent("boom (")}&regex=true`);
    expect(re.status).toBe(400);
    expect(re.body.error).toMatchObject({ code: "invalid_regex", message: "Invalid regular expression: missing )" });
    expect((await search(`q=${encodeURIComponent("boom (")}`)).texts).toEqual([]); // plain text: literal, no error
    const nested = await search(`q=${encodeURIComponent("(a+)+$")}&regex=true`);
    expect(nested.status).toBe(400);
    expect(nested.body.error.message).toMatch(/Nested quantifiers/);
    const long = await search(`q=${"a".repeat(300)}`);
    expect(long.status).toBe(400);
    for (const [q, msg] of [
      ["since=1714557600&until=1714550000", /before "until"/],
      [`since=${Date.now() / 1000 + 10 * 86_400}`, /future/],
      ["since=1990-01-01", /before 2013/],
      ["range=2y", /Unknown range/],
      ["since=yesterday", /unix seconds or an ISO date/],
      ["range=1h&since=1714557600", /not both/],
      ["limit=0", /limit/],
      ["limit=100000", /limit/],
    ] as const) {
      const r = await search(q);
      expect({ q, status: r.status, code: r.body.error.code }).toMatchObject({ q, status: 400 });
      expect(r.body.error.message).toMatch(msg);
    }
  });

  test("unknown container is a 404", async () => {
    const r = await viewer.request("GET", "/servers/local/containers/sk-no-such-container/logs/search?q=x");
    expect(r.status).toBe(404);
  });

  test("export: every matching line as streamed text without ANSI", async () => {
    const r = await viewer.request("GET", `/servers/local/containers/${box}/logs/export?q=boom`);
    expect(r.status).toBe(200);
    expect(r.res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(r.res.headers.get("content-disposition")).toBe(`attachment; filename="${box}.log"`);
    const lines = (r.body as string).trimEnd().split("\n");
    expect(lines.map((l) => l.replace(/^\S+ stdout /, ""))).toEqual(["ERROR boom 1", '{"level":"error","msg":"json boom 2"}', "ERROR red boom 3", "ERROR boom 4"]);
    const none = await viewer.request("GET", `/servers/local/containers/${box}/logs/export?q=nothing-like-this`);
    expect(none.status).toBe(200);
    expect(none.body).toBeNull(); // empty download
  });

  test("an app's logs: its containers merged in time order, tagged with the container", async () => {
    const name = `logapp${fx.name("x").replace(/[^a-z0-9]/g, "").slice(-6)}`;
    const appId = await insertApp(t, name, 0);
    const compose = ["--label", `com.docker.compose.project=${name}`];
    const a = await fx.run("app-a", [...compose, "--label", "com.docker.compose.service=a"], ["sh", "-c", "echo 'INFO a1'; sleep 8; echo 'ERROR a2'; exec sleep 600"]);
    // b's line lands between a's two (8 s apart, generous for a slow machine)
    await eventually(async () => expect((await viewer.request("GET", `/apps/${appId}/logs/search`)).body.lines).toHaveLength(1), 20_000);
    const b = await fx.run("app-b", [...compose, "--label", "com.docker.compose.service=b"], ["sh", "-c", "echo 'ERROR b1'; exec sleep 600"]);
    const r = await eventually(async () => {
      const res = await viewer.request("GET", `/apps/${appId}/logs/search`);
      expect(res.body.lines).toHaveLength(3);
      return res;
    }, 20_000);
    expect(r.body.lines.map((l: Found) => [l.container, l.text])).toEqual([[a, "INFO a1"], [b, "ERROR b1"], [a, "ERROR a2"]]);
    const times = r.body.lines.map((l: Found) => l.ts);
    expect(times).toEqual([...times].sort());
    expect((await viewer.request("GET", `/apps/${appId}/logs/search?levels=error&limit=1`)).body).toMatchObject({ limited: true, lines: [{ text: "ERROR a2" }] });
    const text = (await viewer.request("GET", `/apps/${appId}/logs/export?levels=error`)).body as string;
    expect(text.trimEnd().split("\n").map((l) => l.split(" ").slice(1).join(" "))).toEqual([`${b} stdout ERROR b1`, `${a} stdout ERROR a2`]);
  }, 40_000);
});
