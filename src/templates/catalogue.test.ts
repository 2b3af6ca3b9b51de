// Every embedded template, checked the way a sysadmin would before deploying it: it loads,
// its variables resolve, the Compose CLI accepts the rendered file, and it asks for nothing
// dangerous. (Images cannot be pulled here; the apps tests deploy local images.)
import { beforeAll, describe, expect, test } from "bun:test";
import { embeddedTemplates } from "./embedded.ts";
import { parseTemplate } from "./parse.ts";
import { composeToYaml, renderCompose } from "./render.ts";
import type { Template, TemplateVariable } from "./schema.ts";
import { composeConfig, composeCommand, fakeAllocator, pool, type ComposeVerdict } from "./testing.ts";
import { checkValue } from "./values.ts";
import { resolveVariables, type ResolvedVariables } from "./variables.ts";

// CI servers cannot work without an OAuth application on a forge: these alone need answers.
const NEEDS_INPUT = ["drone", "woodpecker"];

const templates: Template[] = embeddedTemplates.map(({ file, text }) => parseTemplate(text, file));

/** A valid answer for a required variable, for the templates that need input. */
const CANDIDATES = ["https://git.example.com", "example", "admin@example.com", "example.com", "true"];
function sample(v: TemplateVariable): string {
  const found = CANDIDATES.find((c) => checkValue(v, c).ok);
  if (found === undefined) throw new Error(`no sample value fits ${v.name}`);
  return found;
}

const generated = (v: TemplateVariable) => v.type === "password" || v.type === "port";
const needsInput = (t: Template) => t.variables.filter((v) => v.required && v.default === undefined && !generated(v));

const sampleInput = (t: Template) => Object.fromEntries(needsInput(t).map((v) => [v.name, sample(v)]));

async function resolveFor(t: Template): Promise<ResolvedVariables> {
  return resolveVariables(t, sampleInput(t), fakeAllocator(), "my-app");
}

type Service = Record<string, unknown>;
const servicesOf = (t: Template) => Object.entries(t.compose.services) as [string, Service][];

const verdicts = new Map<string, ComposeVerdict>();

beforeAll(async () => {
  composeCommand(); // fails the run at once when no Compose CLI is installed
  const render = async (t: Template) => [t.id, composeToYaml(renderCompose(t, (await resolveFor(t)).values))] as const;
  const rendered = await Promise.all(templates.map(render));
  const results = await pool(rendered, Math.max(2, navigator.hardwareConcurrency), ([, yaml]) => composeConfig(yaml));
  rendered.forEach(([id], i) => verdicts.set(id, results[i]!));
}, 180_000);

test("the library holds at least 62 templates with unique ids", () => {
  expect(templates.length).toBeGreaterThanOrEqual(62);
  expect(new Set(templates.map((t) => t.id)).size).toBe(templates.length);
});

test("only the known templates need input to resolve", () => {
  expect(templates.filter((t) => needsInput(t).length > 0).map((t) => t.id)).toEqual(NEEDS_INPUT);
});

for (const t of templates) {
  describe(`template ${t.id}`, () => {
    test("resolves: passwords generated, ports allocated and distinct", async () => {
      const hooks = fakeAllocator();
      const { values, secrets } = await resolveVariables(t, sampleInput(t), hooks, "my-app");
      const ports = t.variables.filter((v) => v.type === "port");
      expect(hooks.calls).toEqual(ports.map((v) => (v.default === undefined ? undefined : Number(v.default))));
      expect(new Set(ports.map((v) => values[v.name])).size).toBe(ports.length);
      expect(secrets).toEqual(t.variables.filter((v) => v.type === "password").map((v) => v.name));
      for (const name of secrets) expect(values[name]!.length).toBeGreaterThanOrEqual(16);
    });

    test("the rendered compose file is accepted by the Compose CLI", () => {
      expect(verdicts.get(t.id)).toEqual({ ok: true, stderr: "" });
    });

    test("asks for nothing dangerous: no privileges, host namespaces, devices or bind mounts", () => {
      const declaredVolumes = Object.keys(t.compose.volumes ?? {});
      for (const [name, s] of servicesOf(t)) {
        const where = `${t.id}/${name}`;
        expect(s.privileged, where).toBeUndefined();
        for (const key of ["network_mode", "pid", "ipc", "userns_mode", "uts"]) expect(s[key], `${where} ${key}`).toBeUndefined();
        expect(s.devices, where).toBeUndefined();
        expect(s.cap_add, where).toBeUndefined();
        expect(s.container_name, `${where}: a fixed name clashes when deployed twice`).toBeUndefined();
        expect(JSON.stringify(s)).not.toContain("docker.sock");
        for (const v of (s.volumes ?? []) as unknown[]) {
          expect(typeof v, `${where}: short volume syntax`).toBe("string");
          const source = String(v).split(":")[0]!;
          expect(declaredVolumes, `${where}: ${String(v)} must be a named volume`).toContain(source);
        }
      }
    });

    test("runs like a sysadmin would: pinned images, restart policies, ports bound through port variables", () => {
      const types = new Map(t.variables.map((v) => [v.name, v.type]));
      const used = new Set<string>();
      for (const [name, s] of servicesOf(t)) {
        const image = String(s.image);
        const tag = image.slice(image.lastIndexOf("/") + 1).split(":")[1];
        expect(tag, `${t.id}/${name}: ${image} needs a tag`).toBeDefined();
        expect(tag).not.toBe("latest");
        expect(s.restart, `${t.id}/${name} restart`).toBeDefined();
        for (const p of (s.ports ?? []) as unknown[]) {
          const m = /^(?:\$\{([A-Z0-9_]+)\}:)?\$\{([A-Z0-9_]+)\}:\d+(?:\/(?:tcp|udp))?$/.exec(String(p));
          expect(m, `${t.id}/${name}: port "${String(p)}" must be "\${PORT_VAR}:<container port>"`).not.toBeNull();
          expect(types.get(m![2]!)).toBe("port");
          if (m![1]) expect(types.get(m![1]!)).toBe("select");
          used.add(m![2]!);
        }
      }
      for (const v of t.variables.filter((x) => x.type === "port")) {
        expect(used, `${t.id}: ${v.name} publishes nothing`).toContain(v.name);
      }
    });

    test("summary fields are filled in", () => {
      expect(t.description.length).toBeGreaterThan(20);
      expect(t.categories.length).toBeGreaterThan(0);
      expect(t.documentation).toStartWith("https://");
    });
  });
}
