import { createSignal, createEffect, Show, type JSX } from "solid-js";
import { Modal, ModalActions } from "./Modal";
import { Button } from "./Button";
import { Field } from "./Field";
import { ErrorAlert } from "./Alert";
import { errorMessage } from "../../api";

export interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  /** What will be lost, in plain words. */
  children: JSX.Element;
  confirmLabel: string;
  /** When set, the user must type this exact text to enable the button. */
  typeToConfirm?: string;
  onConfirm: () => Promise<unknown>;
}

/** Destructive confirmation: names what will be lost and (optionally) asks to type the name. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const [typed, setTyped] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  createEffect(() => {
    if (props.open) {
      setTyped("");
      setError(null);
    }
  });

  const matches = () => !props.typeToConfirm || typed().trim() === props.typeToConfirm;

  async function submit(e: Event) {
    e.preventDefault();
    if (!matches() || busy()) return;
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm();
      props.onOpenChange(false);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={props.open} onOpenChange={props.onOpenChange} title={props.title}>
      <form onSubmit={submit} class="space-y-4">
        <div class="text-[13px]">{props.children}</div>
        <Show when={props.typeToConfirm}>
          {(name) => (
            <Field
              label={`Type ${name()} to confirm`}
              value={typed()}
              onInput={(e) => setTyped(e.currentTarget.value)}
              autocomplete="off"
              spellcheck={false}
              autofocus
            />
          )}
        </Show>
        <ErrorAlert message={error()} />
        <ModalActions>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="danger" disabled={!matches()} loading={busy()}>
            {props.confirmLabel}
          </Button>
        </ModalActions>
      </form>
    </Modal>
  );
}
