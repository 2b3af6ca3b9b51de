import { createResource, createSignal, Show } from "solid-js";
import { useNavigate } from "@solidjs/router";
import FolderGit2 from "lucide-solid/icons/folder-git-2";
import Plus from "lucide-solid/icons/plus";
import { api } from "../api";
import { useNow } from "../lib/now";
import { can } from "../lib/session";
import { toast } from "../lib/toast";
import { Async } from "../components/ui/Async";
import { Button } from "../components/ui/Button";
import { EmptyState } from "../components/ui/EmptyState";
import { Card, PageHeader } from "../components/ui/Page";
import { NewProjectDialog } from "../components/projects/NewProjectDialog";
import { ProjectsTable } from "../components/projects/ProjectsTable";

/** /projects — sites with several environments (prod, dev…) and the database syncs between them. */
export default function Projects() {
  const navigate = useNavigate();
  const [projects, { refetch }] = createResource(() => api.projects.list().then((r) => r.items));
  const [creating, setCreating] = createSignal(false);
  const now = useNow(30_000);

  const NewProject = () => (
    <Show when={can("operator")}>
      <Button variant="primary" onClick={() => setCreating(true)} data-testid="new-project">
        <Plus class="size-4" aria-hidden="true" /> New project
      </Button>
    </Show>
  );

  return (
    <>
      <PageHeader title="Projects" description="The environments of one site side by side, and fresh copies of production data for the others." actions={<NewProject />} />
      <Card bodyClass="overflow-x-auto">
        <Async of={projects} retry={refetch} loadingLabel="Loading projects…">
          {(list) => (
            <Show
              when={list.length > 0}
              fallback={
                <EmptyState icon={<FolderGit2 class="size-6" />} title="No projects yet" action={<NewProject />}>
                  A project groups the apps that are environments of one site — prod, staging, dev — on any of your servers. A dev environment can
                  be refreshed from prod on demand or on a schedule: its database is copied, URLs are rewritten with a search-replace that is safe for
                  WordPress, users can be anonymized, and prod is only ever read.
                </EmptyState>
              }
            >
              <ProjectsTable projects={list} now={now()} />
            </Show>
          )}
        </Async>
      </Card>
      <NewProjectDialog
        open={creating()}
        onOpenChange={setCreating}
        onSaved={(p) => {
          toast.success(`Project ${p.name} created`, "Add its environments next.");
          navigate(`/projects/${p.id}`);
        }}
      />
    </>
  );
}
