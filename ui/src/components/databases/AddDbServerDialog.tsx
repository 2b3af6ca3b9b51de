import { createEffect, createSignal } from "solid-js";
import { api, errorMessage, isApiError, type DatabaseServer, type DbEngine } from "../../api";
import { toast } from "../../lib/toast";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Field } from "../ui/Field";
import { Modal, ModalActions } from "../ui/Modal";
import { SecretInput } from "../ui/SecretInput";
import { SelectField } from "../ui/SelectField";
import { defaultPort, ENGINES } from "./engine";

type FieldKey = "name" | "host" | "port" | "adminUser" | "adminPassword" | "appHost" | "appPort";
/** Which field an API error code is about (the rest show under the form). */
const CODE_FIELD: Record<string, FieldKey> = {
  invalid_name: "name",
  database_server_exists: "name",
  invalid_host: "host",
  db_unreachable: "host",
  db_auth_failed: "adminPassword",
};
const port = (v: string) => (v.trim() === "" ? undefined : Number(v));
const badPort = (v: string) => v.trim() !== "" && !(Number.isInteger(Number(v)) && Number(v) >= 1 && Number(v) <= 65535);

/** Register an existing MariaDB/PostgreSQL server by its admin account; the API tests the connection first. */
export function AddDbServerDialog(props: { open: boolean; onOpenChange: (v: boolean) => void; onAdded: (s: DatabaseServer) => void }) {
  const [engine, setEngine] = createSignal<DbEngine>("mariadb");
  const [v, setV] = createSignal<Record<FieldKey, string>>({} as Record<FieldKey, string>);
  const [errors, setErrors] = createSignal<Partial<Record<FieldKey, string>>>({});
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const val = (k: FieldKey) => v()[k] ?? "";
  const set = (k: FieldKey) => (e: { currentTarget: HTMLInputElement }) => setV((o) => ({ ...o, [k]: e.currentTarget.value }));
  const input = (k: FieldKey) => ({ value: val(k), onInput: set(k), error: errors()[k] ?? null, autocomplete: "off", spellcheck: false });

  createEffect(() => {
    if (props.open) {
      setEngine("mariadb");
      setV({ host: "127.0.0.1" } as Record<FieldKey, string>);
      setErrors({});
      setError(null);
    }
  });

  function check(): Partial<Record<FieldKey, string>> {
    const e: Partial<Record<FieldKey, string>> = {};
    if (!/^[a-z0-9-]{1,40}$/.test(val("name").trim())) e.name = "Lowercase letters, digits and '-', at most 40 characters.";
    if (!val("host").trim()) e.host = "Enter the address the panel connects to, e.g. 127.0.0.1.";
    if (badPort(val("port"))) e.port = "A port number from 1 to 65535.";
    if (badPort(val("appPort"))) e.appPort = "A port number from 1 to 65535.";
    if (!val("adminUser").trim()) e.adminUser = "Enter the admin account's user name.";
    if (!val("adminPassword")) e.adminPassword = "Enter the admin account's password.";
    return e;
  }

  async function submit(ev: Event) {
    ev.preventDefault();
    const found = check();
    setErrors(found);
    setError(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const res = await api.databases.register({
        engine: engine(),
        name: val("name").trim(),
        host: val("host").trim(),
        port: port(val("port")),
        adminUser: val("adminUser").trim(),
        adminPassword: val("adminPassword"),
        appHost: val("appHost").trim() || undefined,
        appPort: port(val("appPort")),
      });
      toast.success(`${res.databaseServer.name} added`, `Connected to ${engine() === "postgres" ? "PostgreSQL" : "MariaDB"} at ${res.databaseServer.host}:${res.databaseServer.port}.`);
      props.onAdded(res.databaseServer);
      props.onOpenChange(false);
    } catch (x) {
      const field = isApiError(x) ? CODE_FIELD[x.code] : undefined;
      if (field) setErrors({ [field]: errorMessage(x) });
      else setError(errorMessage(x));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={props.open} onOpenChange={props.onOpenChange} size="lg" title="Add database server" description="Register a MariaDB or PostgreSQL server by an account that can create databases and users. The connection is tested before it is saved.">
      <form onSubmit={submit} class="space-y-4" novalidate>
        <div class="grid gap-3 sm:grid-cols-2">
          <SelectField label="Engine" options={ENGINES.map((e) => ({ value: e.value, label: e.label }))} value={engine()} onChange={setEngine} />
          <Field label="Name" placeholder={engine() === "postgres" ? "main-postgres" : "main-mariadb"} hint="How the panel calls it: a-z, 0-9 and '-'." autocapitalize="none" {...input("name")} autofocus />
          <Field label="Host" placeholder="127.0.0.1" autocapitalize="none" {...input("host")} />
          <Field label="Port" inputmode="numeric" placeholder={String(defaultPort(engine()))} {...input("port")} />
          <Field label="Admin user" placeholder={engine() === "postgres" ? "postgres" : "root"} autocapitalize="none" {...input("adminUser")} />
          <SecretInput label="Admin password" value={val("adminPassword")} onInput={set("adminPassword")} error={errors().adminPassword ?? null} />
        </div>
        <details class="rounded-md border border-line px-3 py-2" open={!!errors().appHost || !!errors().appPort}>
          <summary class="cursor-pointer text-[13px] font-medium">Advanced: how apps connect</summary>
          <p class="mt-2 text-[12px] text-muted">
            How app containers reach this server; the server must listen on that address (e.g. bind-address=0.0.0.0 or the Docker bridge
            172.17.0.1). Linked apps get this host and port in their variables.
          </p>
          <div class="mt-3 grid gap-3 pb-1 sm:grid-cols-2">
            <Field label="App host" placeholder="host.docker.internal" autocapitalize="none" {...input("appHost")} />
            <Field label="App port" inputmode="numeric" placeholder={val("port").trim() || String(defaultPort(engine()))} {...input("appPort")} />
          </div>
        </details>
        <ErrorAlert message={error()} />
        <ModalActions>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={busy()} data-testid="add-db-server-submit">
            {busy() ? "Testing connection…" : "Test and add"}
          </Button>
        </ModalActions>
      </form>
    </Modal>
  );
}
