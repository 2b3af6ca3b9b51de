import { createEffect, createSignal } from "solid-js";
import { api, errorMessage, isApiError, type DatabaseServer } from "../../api";
import { toast } from "../../lib/toast";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Field } from "../ui/Field";
import { Modal, ModalActions } from "../ui/Modal";

export const DB_NAME = /^[a-z][a-z0-9_]{0,62}$/;
export const DB_NAME_RULE = "Lowercase letters, digits and underscores, starting with a letter, at most 63 characters.";
/** Errors about the name itself go under the field; anything else under the form. */
export const NAME_CODES = new Set(["invalid_db_name", "database_exists", "reserved_db_name", "db_user_exists"]);

/** Create an empty database (utf8mb4 / UTF8) on the server. */
export function NewDatabaseDialog(props: { server: DatabaseServer; open: boolean; onOpenChange: (v: boolean) => void; onCreated: () => void }) {
  const [name, setName] = createSignal("");
  const [fieldError, setFieldError] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  createEffect(() => {
    if (props.open) {
      setName("");
      setFieldError(null);
      setError(null);
    }
  });

  async function submit(e: Event) {
    e.preventDefault();
    const n = name().trim();
    setError(null);
    if (!DB_NAME.test(n)) return setFieldError(n ? DB_NAME_RULE : "Enter a name for the database.");
    setFieldError(null);
    setBusy(true);
    try {
      await api.databases.create(props.server.id, n);
      toast.success(`Database ${n} created`, `On ${props.server.name}.`);
      props.onCreated();
      props.onOpenChange(false);
    } catch (x) {
      if (isApiError(x) && NAME_CODES.has(x.code)) setFieldError(x.message);
      else setError(errorMessage(x));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={props.open} onOpenChange={props.onOpenChange} title="New database" description={`An empty database on ${props.server.name}. To give an app its own database and user in one go, link it from the app's Databases tab.`}>
      <form onSubmit={submit} class="space-y-4" novalidate>
        <Field
          label="Database name"
          placeholder="my_app"
          hint={DB_NAME_RULE}
          autocomplete="off"
          autocapitalize="none"
          spellcheck={false}
          error={fieldError()}
          value={name()}
          onInput={(e) => setName(e.currentTarget.value)}
          autofocus
          data-testid="new-database-name"
        />
        <ErrorAlert message={error()} />
        <ModalActions>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={busy()} data-testid="new-database-submit">
            Create database
          </Button>
        </ModalActions>
      </form>
    </Modal>
  );
}
