// serverkit.yaml at the root of an app's folder (<appsDir>/<app>/serverkit.yaml, where a git
// deploy puts the repository). Only apps on the panel's own server can be read for now: the
// agent protocol has no "read a file" operation yet.
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { invalid } from "../lib/errors.ts";
import { CONFIG_FILE_NAME } from "./config-file.ts";

const MAX_BYTES = 256 * 1024;

export function appConfigFileReader(appsDir: string, summary: (appId: number) => Promise<{ name: string; serverId: string }>) {
  return async (appId: number): Promise<string | null> => {
    const app = await summary(appId);
    if (app.serverId !== "local") {
      throw invalid("config_file_remote", `App "${app.name}" runs on another server; its ${CONFIG_FILE_NAME} cannot be read from here yet. Upload the file instead.`);
    }
    // App names are DNS labels (validated when the app was created), so this stays inside appsDir.
    const path = join(appsDir, app.name, CONFIG_FILE_NAME);
    try {
      const info = await stat(path);
      if (!info.isFile()) return null;
      if (info.size > MAX_BYTES) throw invalid("config_invalid", `${path} is larger than ${MAX_BYTES} bytes.`, { line: 1, column: 1, key: "", problem: "too large" });
      return await readFile(path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
  };
}
