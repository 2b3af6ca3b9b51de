// The template format as a zod schema. Unknown keys are refused everywhere the format is ours
// (template, variables, compose top level); inside a service the Compose CLI is the judge.
// templates/README.md documents every field; keep the two in step.
import { z } from "zod";
import { VARIABLE_NAME } from "./substitute.ts";
import { VARIABLE_TYPES, checkValue } from "./values.ts";

export const TEMPLATE_ID = /^[a-z0-9][a-z0-9-]{1,40}$/;
export const RESERVED_VARIABLES = ["APP_NAME"] as const;
export const PASSWORD_CHARSETS = ["urlsafe", "alphanumeric", "hex"] as const;
export const DEFAULT_PASSWORD_LENGTH = 32;

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const SLUG = /^[a-z0-9][a-z0-9-]{0,40}$/;
const COMPOSE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const EMOJI = /^(?:\p{Extended_Pictographic}|\p{Emoji_Component}|\u200d|\ufe0f){1,12}$/u;

const isEmoji = (s: string) => EMOJI.test(s) && /\p{Extended_Pictographic}/u.test(s);
const icon = z.string().refine((s) => SLUG.test(s) || isEmoji(s), "must be an emoji or a short slug (a-z, 0-9, -)");

const scalarDefault = z
  .union([z.string(), z.number(), z.boolean()])
  .transform((v) => String(v))
  .optional();

const compilable = (s: string) => {
  try {
    new RegExp(s, "u");
    return true;
  } catch {
    return false;
  }
};

const variable = z
  .strictObject({
    name: z.string().regex(VARIABLE_NAME, "must be upper case: letters, digits and _, starting with a letter"),
    label: z.string().min(1).max(80),
    description: z.string().max(500).optional(),
    type: z.enum(VARIABLE_TYPES),
    default: scalarDefault,
    required: z.boolean().optional(),
    hidden: z.boolean().default(false),
    pattern: z.string().min(1).refine(compilable, "is not a valid regular expression").optional(),
    options: z.array(z.string().min(1)).min(1).optional(),
    length: z.number().int().min(12).max(256).optional(),
    charset: z.enum(PASSWORD_CHARSETS).optional(),
  })
  .superRefine((v, ctx) => {
    const bad = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if ((RESERVED_VARIABLES as readonly string[]).includes(v.name)) bad("name", `${v.name} is reserved and always available`);
    if (v.type === "select" && !v.options) bad("options", "a select variable needs options");
    if (v.type !== "select" && v.options) bad("options", "only select variables have options");
    if (v.options && new Set(v.options).size !== v.options.length) bad("options", "options must be unique");
    if (v.type !== "password" && v.length !== undefined) bad("length", "only password variables have a length");
    if (v.type !== "password" && v.charset !== undefined) bad("charset", "only password variables have a charset");
    if (v.pattern && ["port", "select", "boolean"].includes(v.type)) bad("pattern", `a ${v.type} variable takes no pattern`);
    if (v.type === "password" && v.default !== undefined) bad("default", "password variables are generated; give no default");
    const generated = v.type === "password" || v.type === "port";
    if (v.hidden && v.default === undefined && !generated && v.required !== false) {
      bad("hidden", "a hidden variable needs a default, or must be a password, a port or optional");
    }
    // Defaults that reference other variables are checked once those are known (at resolve time).
    if (v.default !== undefined && !v.default.includes("${")) {
      const checked = checkValue(v, v.default);
      if (!checked.ok) bad("default", `the default ${checked.message}`);
    }
  })
  .transform((v) => ({ ...v, required: v.required ?? v.default === undefined }));

const mapping = z.record(z.string(), z.unknown());

const service = z.looseObject({
  image: z.string().min(1, "every service needs an image (templates carry no build context)"),
});

const namedMap = <T extends z.ZodType>(what: string, value: T) =>
  z.record(z.string().regex(COMPOSE_NAME, `${what} names may use letters, digits, _ . - and start with a letter or digit`), value);

const COMPOSE_KEYS = ["services", "volumes", "networks"];

export const composeSchema = z
  .looseObject({
    services: namedMap("service", service).refine((s) => Object.keys(s).length > 0, "at least one service"),
    volumes: namedMap("volume", mapping.nullable()).optional(),
    networks: namedMap("network", mapping.nullable()).optional(),
  })
  .superRefine((c, ctx) => {
    for (const key of Object.keys(c)) {
      if (!COMPOSE_KEYS.includes(key) && !key.startsWith("x-")) {
        ctx.addIssue({ code: "custom", path: [key], message: `unknown compose key (allowed: ${COMPOSE_KEYS.join(", ")}, x-*)` });
      }
    }
  });

export const templateSchema = z
  .strictObject({
    id: z.string().regex(TEMPLATE_ID, "must be 2-41 characters: a-z, 0-9 and -, starting with a letter or digit"),
    name: z.string().min(1).max(60),
    version: z.string().regex(SEMVER, "must be a semantic version such as 1.0.0"),
    description: z.string().min(1).max(1000),
    categories: z.array(z.string().regex(SLUG, "must be a slug (a-z, 0-9, -)")).min(1),
    icon,
    documentation: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
    variables: z.array(variable).default([]),
    compose: composeSchema,
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.variables.forEach((v, i) => {
      if (seen.has(v.name)) ctx.addIssue({ code: "custom", path: ["variables", i, "name"], message: `${v.name} is declared twice` });
      seen.add(v.name);
    });
  });

export type Template = z.output<typeof templateSchema>;
export type TemplateVariable = Template["variables"][number];
export type ComposeSpec = Template["compose"];

/** "variables[2].type: ..." lines from a zod error, for humans. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.reduce<string>(
      (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
      "",
    );
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}
