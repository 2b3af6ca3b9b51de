/** Template library and app endpoints. */
import { http } from "./client";
import type { Job } from "./types";
import type { App, AppAction, AppDetail, AppId, EnvEntry, NewApp, Template, TemplateSummary } from "./types-apps";

const enc = (id: string | number) => encodeURIComponent(id);

export const templatesApi = {
  list: () => http.get<{ items: TemplateSummary[]; categories: string[] }>("/templates"),
  get: (id: string) => http.get<{ template: Template }>(`/templates/${enc(id)}`),
};

export const appsApi = {
  list: (server: string) => http.get<{ items: App[] }>("/apps", { query: { server } }),
  create: (body: NewApp) => http.post<{ app: App; job: Job }>("/apps", body),
  get: (id: AppId) => http.get<AppDetail>(`/apps/${enc(id)}`),
  compose: (id: AppId) => http.get<{ compose: string }>(`/apps/${enc(id)}/compose`),
  saveCompose: (id: AppId, compose: string) => http.put<{ job: Job }>(`/apps/${enc(id)}/compose`, { compose }),
  env: (id: AppId) => http.get<{ env: EnvEntry[] }>(`/apps/${enc(id)}/env`),
  saveEnv: (id: AppId, env: Record<string, string>) => http.put<{ job: Job }>(`/apps/${enc(id)}/env`, { env }),
  action: (id: AppId, action: AppAction) => http.post<{ job: Job }>(`/apps/${enc(id)}/${action}`),
  remove: (id: AppId, confirm: string, removeVolumes: boolean) =>
    http.del<{ job: Job }>(`/apps/${enc(id)}`, { body: { confirm, removeVolumes } }),
  jobs: (id: AppId) => http.get<{ items: Job[] }>(`/apps/${enc(id)}/jobs`),
};
