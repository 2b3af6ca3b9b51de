// The panel's own machine as a Target: local handlers behind the in-process transport.
import Docker from "dockerode";
import { createTarget, inProcessTransport, type Handlers, type Target } from "./target.ts";
import { hostFacts, hostLoad } from "./local-facts.ts";

export interface LocalTargetOptions {
  dockerSocket: string;
}

export function localHandlers(opts: LocalTargetOptions): Handlers {
  const docker = new Docker({ socketPath: opts.dockerSocket });
  return {
    "server.facts": () => hostFacts(docker),
    "server.load": () => hostLoad(),
  };
}

export function createLocalTarget(opts: LocalTargetOptions): Target {
  return createTarget("local", inProcessTransport(localHandlers(opts)));
}
