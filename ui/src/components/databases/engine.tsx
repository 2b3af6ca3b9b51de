import Database from "lucide-solid/icons/database";
import type { DatabaseServer, DbEngine } from "../../api";
import { Badge } from "../ui/Badge";

/** Engines that can be registered by address (installed on a host). */
export const ENGINES: { value: DbEngine; label: string; port: number }[] = [
  { value: "mariadb", label: "MariaDB / MySQL", port: 3306 },
  { value: "postgres", label: "PostgreSQL", port: 5432 },
];

const LABELS: Record<DbEngine, string> = { mariadb: "MariaDB", mysql: "MySQL", postgres: "PostgreSQL", redis: "Redis", mongodb: "MongoDB" };
const PORTS: Record<DbEngine, number> = { mariadb: 3306, mysql: 3306, postgres: 5432, redis: 6379, mongodb: 27017 };
const TINTS: Record<DbEngine, string> = {
  mariadb: "bg-warning-soft text-warning",
  mysql: "bg-warning-soft text-warning",
  postgres: "bg-accent-soft text-accent",
  redis: "bg-danger-soft text-danger",
  mongodb: "bg-success-soft text-success",
};

export const engineLabel = (e: DbEngine): string => LABELS[e] ?? e;
export const defaultPort = (e: DbEngine): number => PORTS[e] ?? 0;

export const dbServerHref = (s: Pick<DatabaseServer, "id">) => `/databases/${encodeURIComponent(s.id)}`;

/** Engine mark: a database icon tinted per engine (blue-ish PostgreSQL, amber MariaDB) and its name. */
export function EngineLabel(props: { engine: DbEngine; class?: string }) {
  return (
    <span class={`inline-flex items-center gap-1.5 ${props.class ?? ""}`}>
      <span
        class={`inline-flex size-6 items-center justify-center rounded-md ${TINTS[props.engine] ?? "bg-accent-soft text-accent"}`}
        aria-hidden="true"
      >
        <Database class="size-3.5" />
      </span>
      {engineLabel(props.engine)}
    </span>
  );
}

export function KindBadge(props: { kind: DatabaseServer["kind"] }) {
  return props.kind === "container" ? <Badge tone="accent">container</Badge> : <Badge>host</Badge>;
}
