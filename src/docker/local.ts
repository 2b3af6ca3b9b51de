// The panel's own machine as a Target: local handlers behind the in-process transport.
import type Docker from "dockerode";
import { inProcessTransport, type Handlers } from "./dispatch.ts";
import { createTarget, type Target } from "./target.ts";
import { hostFacts, hostLoad } from "./local-facts.ts";
import { composeHandlers, composeStreamHandlers } from "./local/compose-handlers.ts";
import { dockerHandlers } from "./local/docker-handlers.ts";

export interface LocalTargetOptions {
  dockerSocket: string;
  /** Where app folders live on this machine (<dataDir>/apps by default). */
  appsDir: string;
}

export function localHandlers(opts: LocalTargetOptions): Handlers {
  // Loaded on first use: an idle panel that nobody looks at should not carry the Docker client.
  let docker: Promise<Docker> | undefined;
  const client = () => (docker ??= import("dockerode").then((m) => new m.default({ socketPath: opts.dockerSocket })));
  const dockerOps = dockerHandlers(opts.dockerSocket);
  return {
    calls: {
      "server.facts": async () => hostFacts(await client()),
      "server.load": () => hostLoad(),
      ...composeHandlers(opts.appsDir, client),
      ...dockerOps.calls,
    },
    streams: {
      ...composeStreamHandlers(opts.appsDir),
      ...dockerOps.streams,
    },
  };
}

export function createLocalTarget(opts: LocalTargetOptions): Target {
  return createTarget("local", inProcessTransport(localHandlers(opts)));
}
