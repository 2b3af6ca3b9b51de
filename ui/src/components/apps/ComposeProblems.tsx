import { For, Show } from "solid-js";
import { isApiError, type FieldProblem } from "../../api";
import { problemKey, problemsOf } from "../../lib/problems";

/** Validation errors of a compose file, listed under the editor (path first when there is one). */
export function ComposeProblems(props: { id: string; problems: FieldProblem[] }) {
  return (
    <Show when={props.problems.length > 0}>
      <div id={props.id} role="alert" class="mt-2 rounded-md border border-danger/40 bg-danger-soft px-3 py-2 text-[13px] text-danger">
        <p class="font-semibold">The compose file has {props.problems.length === 1 ? "a problem" : `${props.problems.length} problems`}</p>
        <ul class="mt-1 list-disc space-y-0.5 pl-4">
          <For each={props.problems}>
            {(p) => (
              <li>
                <Show when={p.path && p.path !== "compose" && !p.message.includes(p.path)}>
                  <code class="font-mono text-[12px]">{p.path}</code>:{" "}
                </Show>
                {p.message}
              </li>
            )}
          </For>
        </ul>
      </div>
    </Show>
  );
}

/** Compose-file errors without field details (invalid YAML, refused by the Compose CLI, privileged...). */
const COMPOSE_CODES = ["invalid_compose", "privileged_compose"];

/** Splits an API error for a compose form: name / env.* / everything else (the compose file). */
export function splitComposeProblems(err: unknown) {
  let problems = problemsOf(err);
  if (problems.length === 0 && isApiError(err) && COMPOSE_CODES.includes(err.code)) problems = [{ path: "compose", message: err.message }];
  const key = problemKey;
  return {
    name: problems.filter((p) => key(p) === "name").map((p) => p.message).join(" ") || null,
    env: problems.filter((p) => key(p) === "env" || key(p).startsWith("env.")),
    compose: problems.filter((p) => key(p) !== "name" && key(p) !== "env" && !key(p).startsWith("env.")),
  };
}
