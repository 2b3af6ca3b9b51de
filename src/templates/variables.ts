// Turns a user's answers into the full set of variable values for one deployment: checks
// every given value, applies defaults, generates passwords and allocates ports, and reports
// every problem at once so a form can mark all its bad fields in one round trip.
import { invalid } from "../lib/errors.ts";
import { generatePassword } from "./password.ts";
import { RESERVED_VARIABLES, type Template, type TemplateVariable } from "./schema.ts";
import { substituteString } from "./substitute.ts";
import { checkValue } from "./values.ts";

export interface ResolveHooks {
  /** A free host port, `preferred` when that one is free. Called only for ports not given. */
  allocatePort(preferred?: number): Promise<number>;
}

export interface ResolvedVariables {
  /** Every declared variable plus APP_NAME, as the strings substituted into the compose file. */
  values: Record<string, string>;
  /** Names of the password variables: store encrypted, never log. */
  secrets: string[];
}

export interface VariableProblem {
  variable: string;
  message: string;
}

// A form sends "" for a field left blank: treat it as "not given", like an absent key.
const isGiven = (raw: unknown) => raw !== undefined && raw !== null && raw !== "";

async function allocate(v: TemplateVariable, taken: Set<string>, hooks: ResolveHooks): Promise<string> {
  const preferred = v.default !== undefined ? Number(v.default) : undefined;
  // Two port variables of one template must not land on the same host port; the allocator
  // cannot know about ports chosen a moment ago for this same deployment, so ask again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = String(await hooks.allocatePort(attempt === 0 ? preferred : undefined));
    if (!taken.has(port)) return port;
  }
  throw invalid("port_allocation_failed", `Could not allocate a distinct port for ${v.name}.`, [
    { variable: v.name, message: "no distinct free port was found" },
  ]);
}

export async function resolveVariables(
  template: Template,
  input: Record<string, unknown>,
  hooks: ResolveHooks,
  appName: string,
): Promise<ResolvedVariables> {
  const problems: VariableProblem[] = [];
  const declared = new Set(template.variables.map((v) => v.name));
  const unknown = Object.keys(input).filter((k) => !declared.has(k));
  for (const name of unknown) {
    const why = (RESERVED_VARIABLES as readonly string[]).includes(name) ? "is set by the panel" : "is not a variable of this template";
    problems.push({ variable: name, message: `${name} ${why}` });
  }

  // First pass: the values the user gave. Nothing is generated or allocated while any is bad.
  const given = new Map<string, string>();
  for (const v of template.variables) {
    const raw = input[v.name];
    if (!isGiven(raw)) continue;
    const checked = checkValue(v, raw);
    if (checked.ok) given.set(v.name, checked.value);
    else problems.push({ variable: v.name, message: `${v.label} ${checked.message}` });
  }
  for (const v of template.variables) {
    if (!isGiven(input[v.name]) && v.required && v.default === undefined && v.type !== "password" && v.type !== "port") {
      problems.push({ variable: v.name, message: `${v.label} is required` });
    }
  }
  const ports = template.variables.filter((v) => v.type === "port" && given.has(v.name));
  ports.forEach((v, i) => {
    const clash = ports.slice(0, i).find((o) => given.get(o.name) === given.get(v.name));
    if (clash) problems.push({ variable: v.name, message: `${v.label} uses the same port as ${clash.label}` });
  });
  if (problems.length > 0) throw failure(problems, unknown.length > 0);

  // Second pass, in declaration order, so a default may use APP_NAME and earlier variables.
  const values: Record<string, string> = { APP_NAME: appName };
  const takenPorts = new Set(ports.map((v) => given.get(v.name)!));
  for (const v of template.variables) {
    const value = given.get(v.name);
    if (value !== undefined) values[v.name] = value;
    else if (v.type === "password") values[v.name] = generatePassword(v.length, v.charset);
    else if (v.type === "port") takenPorts.add((values[v.name] = await allocate(v, takenPorts, hooks)));
    else if (v.default !== undefined) {
      const checked = checkValue(v, substituteString(v.default, values, `${v.name} default`));
      if (checked.ok) values[v.name] = checked.value;
      else problems.push({ variable: v.name, message: `the default of ${v.label} ${checked.message}` });
    } else values[v.name] = "";
  }
  if (problems.length > 0) throw failure(problems, false);

  return { values, secrets: template.variables.filter((v) => v.type === "password").map((v) => v.name) };
}

function failure(problems: VariableProblem[], hasUnknown: boolean) {
  const code = hasUnknown ? "unknown_variable" : "invalid_variables";
  const summary = problems.map((p) => p.message).join("; ");
  return invalid(code, `The template variables are not valid: ${summary}.`, problems);
}
