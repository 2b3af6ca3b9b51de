// The panel's own machine as a Target: local handlers behind the in-process transport.
import { inProcessTransport, type Handlers } from "./dispatch.ts";
import { createTarget, type Target } from "./target.ts";
import { hostFacts, hostLoad } from "./local-facts.ts";
import { hostCounters } from "./local/host-counters.ts";
import { composeHandlers, composeStreamHandlers } from "./local/compose-handlers.ts";
import { dockerHandlers } from "./local/docker-handlers.ts";
import { Engine } from "./local/engine.ts";

export interface LocalTargetOptions {
  dockerSocket: string;
  /** Where app folders live on this machine (<dataDir>/apps by default). */
  appsDir: string;
}

export function localHandlers(opts: LocalTargetOptions): Handlers {
  // One Docker client for every operation; just a socket path until an operation runs.
  const engine = new Engine(opts.dockerSocket);
  const dockerOps = dockerHandlers(engine);
  return {
    calls: {
      "server.facts": () => hostFacts(engine),
      "server.load": () => hostLoad(),
      "server.counters": () => hostCounters(),
      ...composeHandlers(opts.appsDir, engine),
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
