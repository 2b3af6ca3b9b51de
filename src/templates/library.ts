// The template library: the templates embedded in the binary, then `<overrideDir>/*.yaml`
// (by default /etc/serverkit/templates, chosen by the caller). An override with the id of an
// embedded template replaces it. A file that does not load is skipped and reported through
// errors(); one bad file never takes the library, or the panel, down.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DomainError, notFound } from "../lib/errors.ts";
import { log as rootLog, type Logger } from "../lib/log.ts";
import { embeddedTemplates, type EmbeddedTemplate } from "./embedded.ts";
import { parseTemplate } from "./parse.ts";
import type { Template } from "./schema.ts";

export type TemplateSource = "embedded" | "override";

export interface TemplateSummary {
  id: string;
  name: string;
  version: string;
  description: string;
  categories: string[];
  icon: string;
  documentation: string;
  source: TemplateSource;
}

export interface TemplateLoadError {
  source: TemplateSource;
  file: string;
  message: string;
}

export interface TemplateLibraryOptions {
  overrideDir?: string;
  /** Tests swap the embedded set; production uses what the binary carries. */
  embedded?: readonly EmbeddedTemplate[];
  log?: Logger;
}

export interface TemplateLibrary {
  list(): TemplateSummary[];
  get(id: string): Template;
  errors(): TemplateLoadError[];
}

interface Entry {
  template: Template;
  source: TemplateSource;
  file: string;
}

const TEMPLATE_FILE = /\.ya?ml$/;

function overrideFiles(dir: string, errors: TemplateLoadError[]): EmbeddedTemplate[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => TEMPLATE_FILE.test(n)).sort();
  } catch (err) {
    // No override folder is the normal case; anything else (permissions, a file) is reported.
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
      errors.push({ source: "override", file: dir, message: `cannot read the folder: ${(err as Error).message}` });
    }
    return [];
  }
  const files: EmbeddedTemplate[] = [];
  for (const file of names) {
    try {
      files.push({ file, text: readFileSync(join(dir, file), "utf8") });
    } catch (err) {
      errors.push({ source: "override", file, message: `cannot read the file: ${(err as Error).message}` });
    }
  }
  return files;
}

export function createTemplateLibrary(opts: TemplateLibraryOptions = {}): TemplateLibrary {
  const log = opts.log ?? rootLog.child({ domain: "templates" });
  const errors: TemplateLoadError[] = [];
  const entries = new Map<string, Entry>();

  const load = (files: readonly EmbeddedTemplate[], source: TemplateSource) => {
    const seen = new Map<string, string>();
    for (const { file, text } of files) {
      try {
        const template = parseTemplate(text, file);
        const twin = seen.get(template.id);
        if (twin) {
          errors.push({ source, file, message: `${file}: id "${template.id}" is already used by ${twin}; this file is skipped` });
          continue;
        }
        seen.set(template.id, file);
        entries.set(template.id, { template, source, file });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        errors.push({ source, file, message: err.message });
      }
    }
  };

  load(opts.embedded ?? embeddedTemplates, "embedded");
  if (opts.overrideDir) load(overrideFiles(opts.overrideDir, errors), "override");
  for (const e of errors) log.warn("template not loaded", { source: e.source, file: e.file, error: e.message });

  const summaries = [...entries.values()]
    .map(({ template: t, source }): TemplateSummary => ({
      id: t.id,
      name: t.name,
      version: t.version,
      description: t.description,
      categories: [...t.categories],
      icon: t.icon,
      documentation: t.documentation,
      source,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, "en", { sensitivity: "base" }) || a.id.localeCompare(b.id));

  return {
    list: () => summaries.map((s) => ({ ...s, categories: [...s.categories] })),
    get(id) {
      const entry = entries.get(id);
      if (!entry) throw notFound("template_not_found", `There is no template "${id}".`);
      // A deep copy: callers may not change the library's copy by accident.
      return structuredClone(entry.template);
    },
    errors: () => errors.map((e) => ({ ...e })),
  };
}
