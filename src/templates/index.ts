// Templates: the app template library (embedded + /etc overrides), its format, variable
// resolution and rendering to a compose object. Pure apart from reading the override folder;
// deploying what it renders is the apps domain's job.
export { createTemplateLibrary } from "./library.ts";
export type { TemplateLibrary, TemplateLibraryOptions, TemplateLoadError, TemplateSource, TemplateSummary } from "./library.ts";
export { parseTemplate } from "./parse.ts";
export { resolveVariables } from "./variables.ts";
export type { ResolveHooks, ResolvedVariables, VariableProblem } from "./variables.ts";
export { composeToYaml, renderCompose } from "./render.ts";
export { escapeForCompose, findReferences, substitute } from "./substitute.ts";
export { RESERVED_VARIABLES, TEMPLATE_ID } from "./schema.ts";
export type { ComposeSpec, Template, TemplateVariable } from "./schema.ts";
export type { VariableType } from "./values.ts";
