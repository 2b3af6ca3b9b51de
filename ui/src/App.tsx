import { lazy as solidLazy, type Component } from "solid-js";

// A page's code is fetched on first visit; one retry after a network blip (see api/client.ts)
// keeps a dropped chunk from leaving a blank page.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const lazy = <T extends Component<any>>(load: () => Promise<{ default: T }>) =>
  solidLazy(() => load().catch(() => new Promise<{ default: T }>((r) => setTimeout(() => r(load()), 500))));
import { Navigate, Route, Router } from "@solidjs/router";
import { Root } from "./components/layout/Root";
import { Shell } from "./components/layout/Shell";
import { RequireRole } from "./components/layout/RequireRole";

const Setup = lazy(() => import("./pages/Setup"));
const Login = lazy(() => import("./pages/Login"));
const Dashboard = lazy(() => import("./pages/Dashboard"));
const Jobs = lazy(() => import("./pages/Jobs"));
const Apps = lazy(() => import("./pages/Apps"));
const NewApp = lazy(() => import("./pages/NewApp"));
const Projects = lazy(() => import("./pages/Projects"));
const ProjectDetail = lazy(() => import("./pages/ProjectDetail"));
const AppDetail = lazy(() => import("./pages/AppDetail"));
const Domains = lazy(() => import("./pages/Domains"));
const DomainDetail = lazy(() => import("./pages/DomainDetail"));
const Databases = lazy(() => import("./pages/Databases"));
const DatabaseServer = lazy(() => import("./pages/DatabaseServer"));
const Backups = lazy(() => import("./pages/Backups"));
const Alerts = lazy(() => import("./pages/Alerts"));
const BackupPlan = lazy(() => import("./pages/BackupPlan"));
const Templates = lazy(() => import("./pages/Templates"));
const TemplateDeploy = lazy(() => import("./pages/TemplateDeploy"));
const Docker = lazy(() => import("./pages/Docker"));
const Audit = lazy(() => import("./pages/Audit"));
const Servers = lazy(() => import("./pages/Servers"));
const Users = lazy(() => import("./pages/Users"));
const Settings = lazy(() => import("./pages/Settings"));
const NotFound = lazy(() => import("./pages/NotFound"));

export default function App() {
  return (
    <Router root={Root}>
      <Route path="/setup" component={Setup} />
      <Route path="/login" component={Login} />
      <Route path="/" component={Shell}>
        <Route path="/" component={Dashboard} />
        <Route path="/apps" component={Apps} />
        <Route path="/apps/new" component={NewApp} />
        <Route path="/apps/:id/:tab?" component={AppDetail} />
        <Route path="/projects" component={Projects} />
        <Route path="/projects/:id" component={ProjectDetail} />
        <Route path="/domains" component={Domains} />
        <Route path="/domains/:id/:tab?" component={DomainDetail} />
        <Route path="/databases" component={Databases} />
        <Route path="/databases/:id" component={DatabaseServer} />
        <Route path="/backups" component={Backups} />
        <Route path="/backups/:planId" component={BackupPlan} />
        <Route path="/alerts/:tab?" component={Alerts} />
        <Route path="/templates" component={Templates} />
        <Route path="/templates/:id" component={TemplateDeploy} />
        <Route path="/containers/:tab?" component={Docker} />
        <Route path="/servers" component={Servers} />
        <Route path="/jobs" component={Jobs} />
        <Route path="/jobs/:id" component={Jobs} />
        <Route path="/audit" component={() => <RequireRole min="admin"><Audit /></RequireRole>} />
        <Route path="/users" component={() => <RequireRole min="admin"><Users /></RequireRole>} />
        <Route path="/settings" component={Settings} />
        <Route path="/profile" component={() => <Navigate href="/settings" />} />
        <Route path="*404" component={NotFound} />
      </Route>
    </Router>
  );
}
