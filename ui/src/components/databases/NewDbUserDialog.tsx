import { createEffect, createResource, createSignal } from "solid-js";
import { api, errorMessage, isApiError, type DatabaseServer, type DatabaseUser } from "../../api";
import { toast } from "../../lib/toast";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Field } from "../ui/Field";
import { Modal, ModalActions } from "../ui/Modal";
import { SelectField } from "../ui/SelectField";
import { DB_NAME, NAME_CODES } from "./NewDatabaseDialog";

const NONE = "__none__";

/** Create a user with a generated password, optionally with all privileges on one database. */
export function NewDbUserDialog(props: { server: DatabaseServer; open: boolean; onOpenChange: (v: boolean) => void; onCreated: (u: DatabaseUser) => void }) {
  const [username, setUsername] = createSignal("");
  const [database, setDatabase] = createSignal(NONE);
  const [fieldError, setFieldError] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [dbs] = createResource(() => (props.open ? props.server.id : false), (id) => api.databases.list(id).then((r) => r.items.map((d) => d.name)));

  createEffect(() => {
    if (props.open) {
      setUsername("");
      setDatabase(NONE);
      setFieldError(null);
      setError(null);
    }
  });

  const options = () => [
    { value: NONE, label: "No database (grant access later)" },
    ...(dbs.state === "ready" ? dbs() : []).map((n) => ({ value: n, label: n })),
  ];

  async function submit(e: Event) {
    e.preventDefault();
    const u = username().trim();
    setError(null);
    if (!DB_NAME.test(u)) return setFieldError(u ? "Lowercase letters, digits and underscores, starting with a letter, at most 63 characters." : "Enter a user name.");
    setFieldError(null);
    setBusy(true);
    try {
      const res = await api.databases.createUser(props.server.id, { username: u, database: database() === NONE ? undefined : database() });
      toast.success(`User ${u} created`, "Its password was generated; reveal it from the users table.");
      props.onCreated(res.user);
      props.onOpenChange(false);
    } catch (x) {
      if (isApiError(x) && NAME_CODES.has(x.code) && !/database/i.test(x.code)) setFieldError(x.message);
      else setError(errorMessage(x));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={props.open} onOpenChange={props.onOpenChange} title="New database user" description={`A user on ${props.server.name} with a strong generated password (reveal it afterwards; revealing is recorded in the audit log).`}>
      <form onSubmit={submit} class="space-y-4" novalidate>
        <Field
          label="User name"
          placeholder="reporting"
          autocomplete="off"
          autocapitalize="none"
          spellcheck={false}
          error={fieldError()}
          value={username()}
          onInput={(e) => setUsername(e.currentTarget.value)}
          autofocus
          data-testid="new-db-user-name"
        />
        <div>
          <SelectField label="Database" options={options()} value={database()} onChange={setDatabase} />
          <p class="mt-1 text-[12px] text-muted">The user gets all privileges on this database, and nothing else.</p>
        </div>
        <ErrorAlert message={error()} />
        <ModalActions>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={busy()} data-testid="new-db-user-submit">
            Create user
          </Button>
        </ModalActions>
      </form>
    </Modal>
  );
}
