// /openapi.json, generated from the same route declarations and zod schemas the router uses.
import { z } from "zod";
import { permissions } from "../auth/index.ts";
import type { RegisteredRoute } from "./route.ts";

const errorSchema = {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: { code: { type: "string" }, message: { type: "string" }, details: {} },
      required: ["code", "message"],
    },
  },
};

function accessNote(access: RegisteredRoute["access"]): string {
  if (access === "public") return "No authentication.";
  if (access === "authenticated") return "Any signed-in user or API token.";
  return `Requires role ${permissions[access]} or above (${access}).`;
}

function queryParameters(schema: z.ZodType | undefined) {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    schema: s,
  }));
}

export function buildOpenApi(routes: RegisteredRoute[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    // ":id{.+}" (a Hono pattern: the value may hold slashes) is plain {id} in OpenAPI.
    const path = "/api/v1" + r.path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}");
    const pathParams = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    (paths[path] ??= {})[r.method] = {
      summary: r.summary,
      description: accessNote(r.access),
      security: r.access === "public" ? [] : [{ session: [] }, { token: [] }],
      parameters: [...pathParams, ...queryParameters(r.query)],
      ...(r.body && {
        requestBody: {
          required: true,
          content: { "application/json": { schema: z.toJSONSchema(r.body, { io: "input", unrepresentable: "any" }) } },
        },
      }),
      responses: {
        "200": { description: "Success" },
        "4XX": { description: "Error", content: { "application/json": { schema: errorSchema } } },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "ServerKit API", version },
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "sk_session", description: "Writes also need the X-CSRF-Token header." },
        token: { type: "http", scheme: "bearer", description: "API token (sk_...)." },
      },
    },
    paths,
  };
}
