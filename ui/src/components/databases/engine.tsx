import Database from "lucide-solid/icons/database";
import type { DatabaseServer, DbEngine } from "../../api";
import { Badge } from "../ui/Badge";

export const ENGINES: { value: DbEngine; label: string; port: number }[] = [
  { value: "mariadb", label: "MariaDB / MySQL", port: 3306 },
  { value: "postgres", label: "PostgreSQL", port: 5432 },
];

export const engineLabel = (e: DbEngine): string => (e === "postgres" ? "PostgreSQL" : "MariaDB");
export const defaultPort = (e: DbEngine): number => (e === "postgres" ? 5432 : 3306);

export const dbServerHref = (s: Pick<DatabaseServer, "id">) => `/databases/${encodeURIComponent(s.id)}`;

/** Engine mark: a database icon tinted per engine (blue-ish PostgreSQL, amber MariaDB) and its name. */
export function EngineLabel(props: { engine: DbEngine; class?: string }) {
  return (
    <span class={`inline-flex items-center gap-1.5 ${props.class ?? ""}`}>
      <span
        class={`inline-flex size-6 items-center justify-center rounded-md ${props.engine === "postgres" ? "bg-accent-soft text-accent" : "bg-warning-soft text-warning"}`}
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
