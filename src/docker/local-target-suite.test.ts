// The shared Target suite against the panel's own machine (in-process transport).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalTarget } from "./index.ts";
import { registerTargetSuite } from "./target-suite.ts";
import { DOCKER_SOCKET } from "./testing.ts";

const appsDir = mkdtempSync(join(tmpdir(), "sk-apps-"));
await registerTargetSuite("local (in-process)", async () => ({ target: createLocalTarget({ dockerSocket: DOCKER_SOCKET, appsDir }), appsDir }));
