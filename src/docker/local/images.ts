// Images on this machine: list with how many containers use each, remove (refused while in
// use, naming the users), prune, pull with layer progress.
import { conflict, DomainError } from "../../lib/errors.ts";
import type { CallHandlers, StreamHandlers } from "../dispatch.ts";
import { listContainers, nameOf } from "./containers.ts";
import { filters, jsonLines, seg, type Engine } from "./engine.ts";
import type { RawImage } from "./engine-types.ts";

type ImageCalls = Pick<CallHandlers, "images.list" | "images.remove" | "images.prune">;
type ImageStreams = Pick<StreamHandlers, "images.pull">;

// Our own check names the containers (image_in_use); a 409 the Engine still gives is another
// conflict, e.g. an id tagged in several repositories without force.
const IMAGE_CODES = { 404: "image_not_found", 409: "image_conflict" };

interface PullLine {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/** "nginx" -> ["nginx", "latest"]: without a tag the Engine would pull every tag of the repository. */
export function splitReference(ref: string): { fromImage: string; tag: string } {
  const at = ref.indexOf("@");
  if (at >= 0) return { fromImage: ref.slice(0, at), tag: ref.slice(at + 1) };
  const slash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  // A colon before the last slash is a registry port ("localhost:5000/app"), not a tag.
  if (colon > slash) return { fromImage: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { fromImage: ref, tag: "latest" };
}

export function imageHandlers(engine: Engine): { calls: ImageCalls; streams: ImageStreams } {
  return {
    calls: {
      "images.list": async () => {
        const [images, containers] = await Promise.all([engine.get<RawImage[]>("/images/json"), listContainers(engine)]);
        const users = new Map<string, number>();
        for (const c of containers) users.set(c.ImageID, (users.get(c.ImageID) ?? 0) + 1);
        return images.map((i) => ({
          id: i.Id,
          tags: (i.RepoTags ?? []).filter((t) => t !== "<none>:<none>"),
          sizeBytes: i.Size,
          createdAt: new Date(i.Created * 1000).toISOString(),
          containers: users.get(i.Id) ?? 0,
        }));
      },

      "images.remove": async ({ id, force }) => {
        const image = await engine.get<{ Id: string }>(`/images/${seg(id)}/json`, { codes: IMAGE_CODES });
        // Docker refuses too, but names container ids; we name the containers.
        const usedBy = (await listContainers(engine)).filter((c) => c.ImageID === image.Id);
        const running = usedBy.filter((c) => c.State === "running" || c.State === "restarting" || c.State === "paused");
        const blocking = force ? running : usedBy;
        if (blocking.length) {
          const names = blocking.map(nameOf);
          throw conflict("image_in_use", `Image ${id} is used by ${force ? "running " : ""}container${names.length > 1 ? "s" : ""} ${names.join(", ")}.`, { usedBy: names });
        }
        const res = await engine.json<{ Untagged?: string; Deleted?: string }[]>("DELETE", `/images/${seg(id)}?force=${force ? 1 : 0}`, { codes: IMAGE_CODES });
        return {
          untagged: (res ?? []).flatMap((r) => (r.Untagged ? [r.Untagged] : [])),
          deleted: (res ?? []).flatMap((r) => (r.Deleted ? [r.Deleted] : [])),
        };
      },

      "images.prune": async ({ all }) => {
        const res = await engine.json<{ ImagesDeleted: { Deleted?: string }[] | null; SpaceReclaimed: number }>(
          "POST",
          `/images/prune?${filters({ dangling: [all ? "false" : "true"] })}`,
        );
        return { deleted: (res.ImagesDeleted ?? []).filter((d) => d.Deleted).length, reclaimedBytes: res.SpaceReclaimed };
      },
    },
    streams: {
      "images.pull": async function* ({ image }, signal) {
        const { fromImage, tag } = splitReference(image);
        const q = new URLSearchParams({ fromImage, tag });
        let res: Response;
        try {
          res = await engine.request("POST", `/images/create?${q}`, { signal });
        } catch (err) {
          // The Engine answers 404/500 at once when the registry is unknown or unreachable.
          if (err instanceof DomainError && err.code !== "docker_unavailable") throw new DomainError("unavailable", "image_pull_failed", err.message);
          throw err;
        }
        for await (const raw of jsonLines(res.body)) {
          const line = raw as PullLine;
          // Errors met mid-pull (auth, missing manifest, disk full) arrive as a line, after a 200.
          if (line.error) throw new DomainError("unavailable", "image_pull_failed", line.errorDetail?.message ?? line.error);
          yield {
            status: line.status ?? "",
            id: line.id ?? null,
            current: line.progressDetail?.current ?? null,
            total: line.progressDetail?.total ?? null,
          };
        }
      },
    },
  };
}
