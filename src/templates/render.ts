// From a template and resolved values to the compose file the Compose CLI reads.
import { stringify } from "yaml";
import type { ComposeSpec, Template } from "./schema.ts";
import { escapeForCompose, substitute } from "./substitute.ts";

/**
 * The compose object for one deployment: variables substituted on the parsed object, then
 * every literal `$` doubled, because the Compose CLI interpolates the file once more.
 */
export function renderCompose(template: Template, values: Readonly<Record<string, string>>): ComposeSpec {
  return escapeForCompose(substitute(template.compose, values, "compose"));
}

/**
 * YAML text for a rendered compose object. Written as YAML 1.1 so strings such as "yes",
 * "no" or "on" come out quoted: docker-compose v1 reads YAML 1.1 and would take them for
 * booleans. Aliases are never emitted; every value is written out in full.
 */
export function composeToYaml(compose: ComposeSpec): string {
  return stringify(compose, { version: "1.1", aliasDuplicateObjects: false, lineWidth: 0 });
}
