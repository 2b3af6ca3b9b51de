/** Docker management endpoints, per server (`/servers/:server/...`). */
import { http } from "./client";
import type { Job } from "./types";
import type {
  Container, ContainerAction, ContainerInspect, ContainerLogLine, ContainerStats, DockerImage, DockerNetwork, DockerVolume,
} from "./types-docker";

const enc = encodeURIComponent;
const base = (server: string) => `/servers/${enc(server)}`;

export const dockerApi = {
  containers: (server: string) => http.get<{ items: Container[] }>(`${base(server)}/containers`, { query: { all: "true" } }),
  container: (server: string, id: string) =>
    http.get<{ container: Container; inspect: ContainerInspect }>(`${base(server)}/containers/${enc(id)}`),
  containerAction: (server: string, id: string, action: ContainerAction) =>
    http.post<{ container: Container }>(`${base(server)}/containers/${enc(id)}/${action}`),
  removeContainer: (server: string, id: string, opts: { force?: boolean; volumes?: boolean }) =>
    http.del(`${base(server)}/containers/${enc(id)}`, {
      query: { force: opts.force ? "true" : undefined, volumes: opts.volumes ? "true" : undefined },
    }),
  containerLogs: (server: string, id: string, tail = 200) =>
    http.get<{ lines: ContainerLogLine[] }>(`${base(server)}/containers/${enc(id)}/logs`, { query: { tail, timestamps: "true" } }),
  containerStats: (server: string, id: string) => http.get<ContainerStats>(`${base(server)}/containers/${enc(id)}/stats`),

  images: (server: string) => http.get<{ items: DockerImage[] }>(`${base(server)}/images`),
  pullImage: (server: string, image: string) => http.post<{ job: Job }>(`${base(server)}/images/pull`, { image }),
  removeImage: (server: string, id: string, force = false) =>
    http.del(`${base(server)}/images/${enc(id)}`, { query: { force: force ? "true" : undefined } }),
  pruneImages: (server: string) => http.post<{ deleted: number; reclaimedBytes: number }>(`${base(server)}/images/prune`),

  volumes: (server: string) => http.get<{ items: DockerVolume[] }>(`${base(server)}/volumes`),
  createVolume: (server: string, name: string) => http.post<{ volume: DockerVolume }>(`${base(server)}/volumes`, { name }),
  removeVolume: (server: string, name: string) => http.del(`${base(server)}/volumes/${enc(name)}`),

  networks: (server: string) => http.get<{ items: DockerNetwork[] }>(`${base(server)}/networks`),
  createNetwork: (server: string, name: string) => http.post<unknown>(`${base(server)}/networks`, { name }),
  removeNetwork: (server: string, id: string) => http.del(`${base(server)}/networks/${enc(id)}`),
};
