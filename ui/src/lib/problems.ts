/** Field-level errors from an API 400: `details: [{ variable | path, message }]`. */
import { ApiError, isApiError, type FieldProblem } from "../api";

export function problemsOf(e: unknown): FieldProblem[] {
  if (!isApiError(e) || !e.details || typeof e.details !== "object") return [];
  // A single `{ path }` (or `{ variable }`) object: the error's message is about that field.
  if (!Array.isArray(e.details)) {
    const d = e.details as FieldProblem;
    const key = d.variable ?? d.path ?? d.key;
    return typeof key === "string" && key ? [{ ...d, message: typeof d.message === "string" ? d.message : e.message }] : [];
  }
  return e.details.filter(
    (d): d is FieldProblem => !!d && typeof d === "object" && typeof (d as FieldProblem).message === "string",
  );
}

/** "URL", "name", "services.web.image", or "env.FOO" for an environment key. */
export const problemKey = (p: FieldProblem): string => p.variable ?? p.path ?? (p.key ? `env.${p.key}` : "");

/** Groups problems by key; `known` keys get their own list, everything else lands in `rest`. */
export function splitProblems(problems: FieldProblem[], known: (key: string) => boolean) {
  const byKey: Record<string, string> = {};
  const rest: FieldProblem[] = [];
  for (const p of problems) {
    const key = problemKey(p);
    if (known(key)) byKey[key] = byKey[key] ? `${byKey[key]} ${p.message}` : p.message;
    else rest.push(p);
  }
  return { byKey, rest };
}

/** A 409 "in use" error whose message doesn't name the users yet gets them appended from details. */
export function withUsedBy(e: unknown): unknown {
  if (!isApiError(e) || !e.details || typeof e.details !== "object") return e;
  const d = e.details as { usedBy?: unknown; containers?: unknown };
  const names = (Array.isArray(d.usedBy) ? d.usedBy : Array.isArray(d.containers) ? d.containers : []).map(String);
  if (names.length === 0 || names.every((n) => e.message.includes(n))) return e;
  return new ApiError(e.status, e.code, `${e.message} In use by: ${names.join(", ")}.`, e.details);
}
