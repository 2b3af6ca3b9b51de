// Entry point: picks the subcommand and hands over. Nothing else lives here.
import { UsageError, out } from "./cli/args.ts";
import { ConfigError } from "./config/index.ts";
import { VERSION } from "./lib/version.ts";

const HELP = `ServerKit ${VERSION}: a self-hosted server control panel

Usage: serverkit <command> [options]

Commands:
  serve     run the panel (web UI and API on port 5000)
  agent     connect this server to a panel (run on the servers it manages)
  user      manage users from the console (create, list, reset-password, disable-2fa)
  migrate   show database migration status
  db        search-replace across a MariaDB/PostgreSQL database (WordPress-safe)
  version   print the version

Run \`serverkit <command> --help\` for a command's options.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "serve":
      return (await import("./cli/serve.ts")).serve(rest);
    case "agent":
      return (await import("./cli/agent.ts")).agent(rest);
    case "user":
      return (await import("./cli/user.ts")).user(rest);
    case "migrate":
      return (await import("./cli/migrate.ts")).migrateCmd(rest);
    case "db":
      return (await import("./cli/db.ts")).db(rest);
    case "__seal-part": // internal: the backup sealing helper (src/backups/seal-helper.ts)
      return (await import("./backups/seal-helper.ts")).runSealHelper();
    case "version":
    case "--version":
      out(VERSION);
      return 0;
    case undefined:
    case "help":
    case "--help":
    case "-h":
      out(HELP);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`serverkit: unknown command "${command}"\n\n${HELP}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    const known = err instanceof UsageError || err instanceof ConfigError || err?.name === "SchemaTooNewError" || err?.name === "DomainError";
    process.stderr.write(`serverkit: ${known ? err.message : (err?.stack ?? String(err))}\n`);
    process.exit(known ? 2 : 1);
  },
);
