// What `docker pull` accepts: [registry[:port]/]path[:tag][@sha256:digest], path in lower case.
// Checked before a job is queued, so a typo is a 400 and not a failed job.
import { z } from "zod";

const component = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const registry = "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\\d{1,5})?/)";
const REFERENCE = new RegExp(`^${registry}?${component}(?:/${component})*(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`);

export const pullReference = z
  .string()
  .trim()
  .max(255)
  .regex(REFERENCE, "an image reference such as nginx, nginx:1.27 or ghcr.io/owner/app:tag");
