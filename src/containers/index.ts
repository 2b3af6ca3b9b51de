// Docker management per server: containers, images, volumes, networks, live logs/stats/events.
// Every call goes through the server's Target, so a remote server works the same as this one.
import type { Jobs } from "../jobs/index.ts";
import type { Logger } from "../lib/log.ts";
import type { Servers } from "../servers/index.ts";
import { containerFunctions } from "./containers.ts";
import { EventHub } from "./event-hub.ts";
import { imageFunctions } from "./images.ts";
import { ContainerListCache } from "./list-cache.ts";
import { liveFunctions } from "./live.ts";
import { pullImageKind } from "./pull-job.ts";
import { networkFunctions, volumeFunctions } from "./volumes.ts";

export interface ContainersDeps {
  servers: Pick<Servers, "target">;
  jobs: Pick<Jobs, "register" | "enqueue">;
  log: Logger;
}

export function createContainers({ servers, jobs, log }: ContainersDeps) {
  const targetOf = (server: string) => servers.target(server);
  jobs.register(pullImageKind(targetOf));
  // One event stream per server feeds the live UI and keeps the cached container list honest.
  const hub = new EventHub(targetOf, log);
  const cache = new ContainerListCache(targetOf, hub);
  return {
    ...containerFunctions(targetOf, cache),
    images: imageFunctions(targetOf, jobs),
    volumes: volumeFunctions(targetOf),
    networks: networkFunctions(targetOf),
    live: liveFunctions(targetOf, hub),
    /** Drops cached lists and their event subscriptions. */
    close: () => cache.close(),
  };
}

export type Containers = ReturnType<typeof createContainers>;
export type { ContainerAction } from "./containers.ts";
export { MASK } from "./mask.ts";
export { PullProgress } from "./pull-progress.ts";
