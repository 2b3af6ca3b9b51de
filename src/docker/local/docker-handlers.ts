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
import { execHandlers } from "./exec.ts";

type DockerCalls = Pick<CallHandlers, keyof typeof dockerCalls>;
type DockerStreams = Pick<StreamHandlers, keyof typeof dockerStreams>;

export function dockerHandlers(engine: Engine): { calls: DockerCalls; streams: DockerStreams } {
  const output = containerOutputHandlers(engine);
  const images = imageHandlers(engine);
  return {
    calls: {
      ...containerHandlers(engine),
      ...output.calls,
      ...images.calls,
      ...volumeHandlers(engine),
      ...networkHandlers(engine),
      ...publishedPortHandlers(engine),
    },
    streams: { ...output.streams, ...images.streams, ...eventHandlers(engine), ...execHandlers(engine) },
  };
}
