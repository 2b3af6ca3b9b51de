// Console user management: the way back in when the only owner lost their password or phone.
import { createAudit } from "../audit/index.ts";
import { createAuth, roles, type Role } from "../auth/index.ts";
import { log } from "../lib/log.ts";
import { commonOptions, fail, out, parse } from "./args.ts";
import { boot, flagsFrom } from "./boot.ts";

const HELP = `Usage: serverkit user <command> [options]

Commands:
  create --username U --password P [--role R] [--email E]   create a user (role: ${roles.join(", ")}; default admin)
  list                                                      list users
  reset-password --username U --password P                  set a new password, re-enable, sign out everywhere
  disable-2fa --username U                                  turn off two-factor authentication (lost device)

Common options:
  --data-dir DIR    panel data directory (default /var/lib/serverkit)
  --config FILE     config file (default /etc/serverkit/config.yaml)

The password may also come from the SERVERKIT_PASSWORD environment variable, to keep it out of shell history.`;

export async function user(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { ...commonOptions, username: { type: "string" }, password: { type: "string" }, role: { type: "string" }, email: { type: "string" } },
    true,
  );
  const command = positionals[0];
  if (values.help || !command) return out(HELP), values.help ? 0 : 2;
  const b = await boot(flagsFrom(values));
  const auth = createAuth(b.database.db, b.box, b.config.auth);
  const auditLog = createAudit(b.database.db, log.child({ domain: "audit" }));
  const password = () => {
    const p = values.password ?? process.env.SERVERKIT_PASSWORD;
    if (!p) fail("--password is required (or set SERVERKIT_PASSWORD)");
    if (p.length < 10) fail("the password must have at least 10 characters");
    return p;
  };
  const username = () => values.username?.trim().toLowerCase() || fail("--username is required");
  const audit = (action: string, target: string) =>
    auditLog.record({ actor: "console", action, target: `user:${target}`, result: "success", details: { via: "cli" } });

  try {
    switch (command) {
      case "create": {
        const role = (values.role ?? "admin") as Role;
        if (!roles.includes(role)) fail(`unknown role "${role}"; choose one of ${roles.join(", ")}`);
        const name = username();
        if (!/^[a-z0-9_.-]{3,32}$/.test(name)) fail("username: 3 to 32 characters: letters, digits, dot, dash or underscore");
        const created = await auth.users.create(undefined, { username: name, password: password(), role, email: values.email ?? null });
        await audit("users.create", created.username);
        out(`created ${created.role} "${created.username}" (id ${created.id})`);
        return 0;
      }
      case "list": {
        const rows = await auth.users.list();
        if (rows.length === 0) out("no users yet: open the panel in a browser to create the owner, or use `serverkit user create`");
        for (const u of rows) {
          out(`${String(u.id).padStart(4)}  ${u.username.padEnd(20)} ${u.role.padEnd(9)} ${u.totpEnabled ? "2fa" : "   "} ${u.disabled ? "disabled" : ""}`.trimEnd());
        }
        return 0;
      }
      case "reset-password": {
        const name = username();
        await auth.users.resetPassword(name, password());
        await audit("users.reset_password", name);
        out(`password of "${name}" reset; all of their sessions were signed out`);
        return 0;
      }
      case "disable-2fa": {
        const name = username();
        const u = await auth.users.getByUsername(name);
        await auth.twoFactor.disable(u.id);
        await audit("users.disable_2fa", name);
        out(`two-factor authentication disabled for "${name}"`);
        return 0;
      }
      default:
        fail(`unknown command "user ${command}"\n\n${HELP}`);
    }
  } finally {
    await b.database.close();
  }
}
