import { createEffect, createSignal } from "solid-js";
import { errorMessage } from "../../api";
import { problemsOf } from "../../lib/problems";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Field } from "../ui/Field";
import { Modal, ModalActions } from "../ui/Modal";

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** "Create volume" / "Create network": one name field. */
export function CreateNamedDialog(props: {
  open: boolean;
  onOpenChange: (v: boolean) => void;
  title: string;
  description: string;
  submitLabel: string;
  placeholder: string;
  onCreate: (name: string) => Promise<unknown>;
}) {
  const [name, setName] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [fieldError, setFieldError] = createSignal<string | null>(null);

  createEffect(() => {
    if (props.open) {
      setName("");
      setError(null);
      setFieldError(null);
    }
  });

  async function submit(e: Event) {
    e.preventDefault();
    const n = name().trim();
    if (!NAME.test(n)) return setFieldError("At least 2 characters: letters, digits, _ . -, starting with a letter or digit.");
    setBusy(true);
    setError(null);
    setFieldError(null);
    try {
      await props.onCreate(n);
      props.onOpenChange(false);
    } catch (err) {
      const field = problemsOf(err).find((p) => (p.path ?? p.variable) === "name");
      if (field) setFieldError(field.message);
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={props.open} onOpenChange={props.onOpenChange} title={props.title} description={props.description}>
      <form onSubmit={submit} class="space-y-4">
        <Field
          label="Name"
          placeholder={props.placeholder}
          autocomplete="off"
          autocapitalize="none"
          spellcheck={false}
          error={fieldError()}
          value={name()}
          onInput={(e) => setName(e.currentTarget.value)}
          autofocus
        />
        <ErrorAlert message={error()} />
        <ModalActions>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={busy()}>
            {props.submitLabel}
          </Button>
        </ModalActions>
      </form>
    </Modal>
  );
}
