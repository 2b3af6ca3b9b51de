import { createEffect, createSignal } from "solid-js";
import { api, errorMessage, type Job } from "../../api";
import { problemsOf } from "../../lib/problems";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Field } from "../ui/Field";
import { Modal, ModalActions } from "../ui/Modal";

/** Asks for an image reference and starts a pull job (its progress shows in the job drawer). */
export function PullImageDialog(props: { open: boolean; onOpenChange: (v: boolean) => void; server: string; onStarted: (job: Job) => void }) {
  const [image, setImage] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [fieldError, setFieldError] = createSignal<string | null>(null);

  createEffect(() => {
    if (props.open) {
      setImage("");
      setError(null);
      setFieldError(null);
    }
  });

  async function submit(e: Event) {
    e.preventDefault();
    const ref = image().trim();
    if (!ref) return setFieldError("Give an image such as nginx:1.27-alpine.");
    setBusy(true);
    setError(null);
    setFieldError(null);
    try {
      const res = await api.docker.pullImage(props.server, ref);
      props.onOpenChange(false);
      props.onStarted(res.job);
    } catch (err) {
      const field = problemsOf(err).find((p) => (p.path ?? p.variable) === "image");
      if (field) setFieldError(field.message);
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={props.open} onOpenChange={props.onOpenChange} title="Pull image" description="Downloads an image from its registry; the progress shows as a job.">
      <form onSubmit={submit} class="space-y-4">
        <Field
          label="Image"
          placeholder="nginx:1.27-alpine"
          class="font-mono"
          autocomplete="off"
          autocapitalize="none"
          spellcheck={false}
          hint="name:tag, optionally with a registry (ghcr.io/owner/app:1.2). Without a tag, latest is pulled."
          error={fieldError()}
          value={image()}
          onInput={(e) => setImage(e.currentTarget.value)}
          autofocus
        />
        <ErrorAlert message={error()} />
        <ModalActions>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={busy()}>
            Pull
          </Button>
        </ModalActions>
      </form>
    </Modal>
  );
}
