// Local implementations of the Docker management operations (protocol/ops/docker.ts).
import type { CallHandlers, StreamHandlers } from "../dispatch.ts";
import type { dockerCalls, dockerStreams } from "../../protocol/ops/docker.ts";
import { containerHandlers } from "./containers.ts";
import { containerOutputHandlers } from "./container-output.ts";
import type { Engine } from "./engine.ts";
import { eventHandlers } from "./events.ts";
import { imageHandlers } from "./images.ts";
import { networkHandlers } from "./networks.ts";
import { publishedPortHandlers } from "./published-ports.ts";
import { volumeHandlers } from "./volumes.ts";
import { execWithStdin } from "./exec.ts";
import { statsAllHandlers } from "./stats-all.ts";
import { logSearchHandlers } from "./log-search.ts";

type DockerCalls = Pick<CallHandlers, keyof typeof dockerCalls | "containers.stats.all">;
type DockerStreams = Pick<StreamHandlers, keyof typeof dockerStreams>;

export function dockerHandlers(engine: Engine): { calls: DockerCalls; streams: DockerStreams } {
  const output = containerOutputHandlers(engine);
  const images = imageHandlers(engine);
  const exec = execWithStdin(engine);
  return {
    calls: {
      ...containerHandlers(engine),
      ...output.calls,
      ...images.calls,
      ...volumeHandlers(engine),
      ...networkHandlers(engine),
      ...publishedPortHandlers(engine),
      ...statsAllHandlers(engine),
      ...exec.calls,
    },
    streams: { ...output.streams, ...images.streams, ...eventHandlers(engine), ...exec.streams, ...logSearchHandlers(engine).streams },
  };
}
