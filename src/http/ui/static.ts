// Serves the embedded UI: hashed assets cached forever, everything else falls back to
// index.html so the SPA's own router handles deep links.
import type { Hono } from "hono";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { AppEnv } from "../context.ts";

async function embeddedAssets(): Promise<Record<string, string>> {
  try {
    // Written by scripts/build.ts before `bun build --compile`; absent when running from source.
    // @ts-ignore - generated file
    const mod = (await import("./embedded.gen.ts")) as { assets: Record<string, string> };
    return mod.assets;
  } catch {
    return {};
  }
}

/** Running from a checkout without the generated manifest: use ui/dist if it was built. */
function diskAssets(): Record<string, string> {
  const root = join(import.meta.dir, "../../../ui/dist");
  if (!existsSync(root)) return {};
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out["/" + relative(root, full)] = full;
    }
  };
  walk(root);
  return out;
}

export async function mountUi(app: Hono<AppEnv>): Promise<void> {
  let assets = await embeddedAssets();
  if (Object.keys(assets).length === 0) assets = diskAssets();
  const index = assets["/index.html"];

  app.get("*", async (c) => {
    const path = c.req.path;
    if (path.startsWith("/api/")) return c.json({ error: { code: "not_found", message: `No route GET ${path}.` } }, 404);
    const file = assets[path];
    if (file) {
      const immutable = path.startsWith("/assets/");
      return new Response(Bun.file(file), {
        headers: { "Cache-Control": immutable ? "public, max-age=31536000, immutable" : "no-cache" },
      });
    }
    if (!index) return c.text("The ServerKit UI was not built into this binary. Run `bun scripts/build.ts`.", 503);
    return new Response(Bun.file(index), { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache" } });
  });
}
