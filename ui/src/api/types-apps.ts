/** Templates and apps (an app = one Compose project on one server). */
import type { ContainerSummary } from "./types-docker";
import type { Job } from "./types";

export interface TemplateSummary {
  id: string;
  name: string;
  version: string;
  description: string;
  categories: string[];
  /** An emoji or a short slug; never a URL. */
  icon: string;
  documentation: string;
  source: string;
}

export type VariableType = "string" | "password" | "port" | "domain" | "email" | "select" | "boolean";

export interface TemplateVariable {
  name: string;
  label: string;
  description?: string | null;
  type: VariableType;
  /** May reference APP_NAME and earlier variables, e.g. "http://localhost:${PORT}". */
  default?: string | null;
  required: boolean;
  hidden: boolean;
  pattern?: string | null;
  options?: string[] | null;
}

export interface Template extends TemplateSummary {
  variables: TemplateVariable[];
}

/** A number from the server today; the UI treats it as opaque. */
export type AppId = string | number;

export type AppStatus = "running" | "partial" | "stopped" | "deploying" | "failed" | "removing";

export interface AppPort {
  service: string | null;
  hostPort: number;
  containerPort: number | string | null;
}

export interface App {
  id: AppId;
  name: string;
  serverId: string;
  templateId: string | null;
  templateName: string | null;
  status: AppStatus;
  ports: AppPort[];
  urls: string[];
  createdAt: string;
  updatedAt: string;
  lastJob: Job | null;
  warnings: string[];
}

export interface AppDetail {
  app: App;
  containers: ContainerSummary[];
}

export interface EnvEntry {
  key: string;
  value: string;
  secret: boolean;
}

/** One entry of a 400's `details`: a template variable, a path (name, compose, services.web.image...) or an env key. */
export interface FieldProblem {
  variable?: string;
  path?: string;
  /** Environment problems name the key (`invalid_env`). */
  key?: string;
  message: string;
}

export type NewApp =
  | { server?: string; name: string; templateId: string; variables?: Record<string, string> }
  | { server?: string; name: string; compose: string; env?: Record<string, string> };

export type AppAction = "start" | "stop" | "restart" | "redeploy";
