// The .env beside an app's compose file. Keys are validated and values may not contain line
// breaks, so every entry is exactly one `KEY=value` line and reads back as written.
import { invalid } from "../lib/errors.ts";

export const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkEnv(env: Record<string, string>): void {
  const problems: { key: string; message: string }[] = [];
  for (const [key, value] of Object.entries(env)) {
    if (!ENV_KEY.test(key)) problems.push({ key, message: "letters, digits and underscores, not starting with a digit" });
    if (typeof value !== "string") problems.push({ key, message: "must be a string" });
    // eslint-disable-next-line no-control-regex
    else if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) problems.push({ key, message: "may not contain line breaks or control characters" });
  }
  if (problems.length) throw invalid("invalid_env", `Invalid environment: ${problems.map((p) => `${p.key}: ${p.message}`).join("; ")}`, problems);
}

export function renderEnvFile(env: Record<string, string>): string {
  checkEnv(env);
  const header = "# Written by ServerKit. Edit it in the panel: changes made here are replaced on the next deploy.\n";
  return header + Object.entries(env).map(([k, v]) => `${k}=${v}\n`).join("");
}
