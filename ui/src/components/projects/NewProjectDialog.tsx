import { createEffect, createSignal, on } from "solid-js";
import { api, errorMessage, isApiError, type Project } from "../../api";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Field } from "../ui/Field";
import { Modal, ModalActions } from "../ui/Modal";

/** Create a project (or rename / describe one, given `project`). */
export function NewProjectDialog(props: { open: boolean; onOpenChange: (open: boolean) => void; project?: Project; onSaved: (p: Project) => void }) {
  const [name, setName] = createSignal("");
  const [description, setDescription] = createSignal("");
  const [nameError, setNameError] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  createEffect(
    on(
      () => props.open,
      (open) => {
        if (!open) return;
        setName(props.project?.name ?? "");
        setDescription(props.project?.description ?? "");
        setNameError(null);
        setError(null);
      },
    ),
  );

  async function submit(ev: Event) {
    ev.preventDefault();
    if (!name().trim()) return setNameError("Give the project a name, e.g. the site's.");
    setBusy(true);
    setError(null);
    try {
      const body = { name: name().trim(), description: description().trim() };
      const { project } = props.project ? await api.projects.update(props.project.id, body) : await api.projects.create(body);
      props.onSaved(project);
      props.onOpenChange(false);
    } catch (x) {
      if (isApiError(x) && (x.code === "project_exists" || x.code === "conflict" || x.status === 409)) setNameError(errorMessage(x));
      else setError(errorMessage(x));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={props.open}
      onOpenChange={props.onOpenChange}
      title={props.project ? `Edit ${props.project.name}` : "New project"}
      description={props.project ? undefined : "A project groups the environments of one site: prod, staging, dev…"}
    >
      <form onSubmit={submit} class="space-y-3" novalidate>
        <Field label="Name" placeholder="example.com" autocomplete="off" value={name()} onInput={(e) => { setName(e.currentTarget.value); setNameError(null); }} error={nameError()} data-testid="project-name" autofocus />
        <Field label="Description" placeholder="Company website (WordPress)" autocomplete="off" value={description()} onInput={(e) => setDescription(e.currentTarget.value)} hint="Optional." />
        <ErrorAlert message={error()} />
        <ModalActions>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={busy()} data-testid="save-project">{props.project ? "Save" : "Create project"}</Button>
        </ModalActions>
      </form>
    </Modal>
  );
}
