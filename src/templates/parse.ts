// Turns one template file's text into a checked Template: YAML, then the schema, then the
// references: every `${VAR}` declared, every declared variable used, and a default may only
// refer to APP_NAME or to variables declared before it (they are resolved in order).
import { parse as parseYaml } from "yaml";
import { DomainError, invalid } from "../lib/errors.ts";
import { RESERVED_VARIABLES, describeIssues, templateSchema, type Template } from "./schema.ts";
import { findReferences } from "./substitute.ts";

const fail = (file: string, problems: string[]) =>
  invalid("template_invalid", `${file}: ${problems.join("; ")}`, { file, problems });

function readYaml(text: string, file: string): unknown {
  try {
    // Compose files use anchors and `<<` merge keys; aliases are capped against "billion laughs".
    return parseYaml(text, { merge: true, maxAliasCount: 200, uniqueKeys: true });
  } catch (err) {
    throw fail(file, [`not valid YAML: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`]);
  }
}

/** Problems with the references of a schema-valid template (empty when all is well). */
export function referenceProblems(t: Template): string[] {
  const problems: string[] = [];
  const declared = new Map(t.variables.map((v, i) => [v.name, i]));
  const used = new Set<string>();
  const collect = (node: unknown, base: string) => {
    try {
      return findReferences(node, base);
    } catch (err) {
      if (err instanceof DomainError) problems.push(err.message);
      else throw err;
      return new Map<string, string[]>();
    }
  };
  for (const [name, paths] of collect(t.compose, "compose")) {
    used.add(name);
    if (!declared.has(name) && !(RESERVED_VARIABLES as readonly string[]).includes(name)) {
      problems.push(`\${${name}} is used at ${paths.join(", ")} but not declared in variables`);
    }
  }
  t.variables.forEach((v, i) => {
    if (v.default === undefined) return;
    for (const name of collect(v.default, `variables[${i}].default`).keys()) {
      used.add(name);
      const at = declared.get(name);
      if ((RESERVED_VARIABLES as readonly string[]).includes(name)) continue;
      if (at === undefined || at >= i) {
        problems.push(`variables[${i}].default: \${${name}} must be APP_NAME or a variable declared before ${v.name}`);
      }
    }
  });
  for (const v of t.variables) {
    if (!used.has(v.name)) problems.push(`variable ${v.name} is declared but never used`);
  }
  return problems;
}

/** Parses and checks one template; `file` names it in error messages. */
export function parseTemplate(text: string, file: string): Template {
  const raw = readYaml(text, file);
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw fail(file, ["a template must be a YAML mapping"]);
  const parsed = templateSchema.safeParse(raw);
  if (!parsed.success) throw fail(file, describeIssues(parsed.error.issues));
  const problems = referenceProblems(parsed.data);
  if (problems.length > 0) throw fail(file, problems);
  return parsed.data;
}
