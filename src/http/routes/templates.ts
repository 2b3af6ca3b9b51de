import { z } from "zod";
import { param, type Router } from "../route.ts";
import type { Services } from "../services.ts";

export function templateRoutes(r: Router, s: Services): void {
  r.add({
    method: "get",
    path: "/templates",
    summary: "The app template library (embedded plus local overrides).",
    access: "apps:read",
    query: z.object({ category: z.string().max(64).optional(), q: z.string().max(100).optional() }),
    handler: (c, { query }) => {
      const all = s.templates().list();
      const q = query.q?.toLowerCase();
      const items = all.filter(
        (t) =>
          (!query.category || t.categories.includes(query.category)) &&
          (!q || t.name.toLowerCase().includes(q) || t.description.toLowerCase().includes(q) || t.id.includes(q)),
      );
      const categories = [...new Set(all.flatMap((t) => t.categories))].sort();
      return c.json({ items, categories });
    },
  });

  r.add({
    method: "get",
    path: "/templates/:id",
    summary: "One template with its variables (what the deploy form asks).",
    access: "apps:read",
    handler: (c) => {
      const { compose: _compose, ...template } = s.templates().get(param(c));
      return c.json({ template });
    },
  });
}
