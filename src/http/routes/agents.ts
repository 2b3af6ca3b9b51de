// The agents' side of the API: registration (the one-time token is the credential) and the
// WebSocket agents dial. Neither uses a session; the hub authenticates the socket itself.
import type { Hono } from "hono";
import { upgradeWebSocket } from "hono/bun";
import { BINARY_TOKEN_HEADER } from "../../agents/index.ts";
import { registerRequestSchema } from "../../protocol/index.ts";
import { clientIp } from "../client-ip.ts";
import type { AppEnv } from "../context.ts";
import type { Router } from "../route.ts";
import type { Services } from "../services.ts";

export function agentRoutes(r: Router, s: Services): void {
  r.add({
    method: "post",
    path: "/agents/register",
    summary: "An agent trades a one-time registration token and its public key for its server id and the panel's public key.",
    access: "public",
    audit: "agents.register",
    body: registerRequestSchema,
    handler: async (c, { body }) => {
      const note = c.get("audit");
      note.actor = "agent";
      note.details = { hostname: body.facts?.hostname ?? null };
      const { name, ...identity } = await s.agents.register(body);
      note.target = `server:${identity.serverId}`;
      return c.json({ ...identity, name }, 201);
    },
  });

  r.add({
    method: "get",
    path: "/agents/binary",
    summary: `The panel's own serverkit binary, for a new server's install line: needs a registration token (unused, unexpired) in the ${BINARY_TOKEN_HEADER} header; the X-Checksum-Sha256 header has its sha256.`,
    access: "public",
    audit: "agents.binary",
    handler: async (c) => {
      const note = c.get("audit");
      note.always = true; // a read, but handing out the binary to a token holder is worth a record
      note.actor = "agent";
      const { serverId, info, body } = await s.agents.binaryFor(c.req.header(BINARY_TOKEN_HEADER));
      note.target = `server:${serverId}`;
      return new Response(body, {
        headers: {
          "content-type": "application/octet-stream",
          "content-length": String(info.size),
          "content-disposition": 'attachment; filename="serverkit"',
          "cache-control": "no-store",
          "x-checksum-sha256": info.sha256,
        },
      });
    },
  });
}

export function mountAgentSocket(app: Hono<AppEnv>, s: Services): void {
  app.get(
    "/api/v1/agents/connect",
    upgradeWebSocket((c) => {
      const ip = clientIp(c);
      let session: ReturnType<Services["agents"]["accept"]> | undefined;
      return {
        onOpen(_event, ws) {
          session = s.agents.accept({ send: (text) => ws.send(text), close: (code, reason) => ws.close(code, reason) }, ip);
        },
        onMessage(event, _ws) {
          session?.message(event.data as string | ArrayBuffer);
        },
        onClose(event) {
          session?.closed(event.code, event.reason);
        },
      };
    }),
  );
}
