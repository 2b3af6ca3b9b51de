// Container env as shown to anyone with docker:read: values of secret-looking keys hidden.
// (App env with secrets is read through the apps domain, which audits the read.)
const SECRET_KEY = /PASS|SECRET|TOKEN|KEY/i;
export const MASK = "••••";

export function maskEnv(env: string[]): string[] {
  return env.map((entry) => {
    const eq = entry.indexOf("=");
    if (eq < 0) return entry;
    const key = entry.slice(0, eq);
    return SECRET_KEY.test(key) ? `${key}=${MASK}` : entry;
  });
}
