// The Hono application: middleware in order, then every resource's routes, then the UI.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./context.ts";
import { errorBody, notFoundHandler, onError } from "./errors.ts";
import { auditTrail } from "./middleware/audit-trail.ts";
import { authenticate } from "./middleware/authenticate.ts";
import { requestContext } from "./middleware/request-context.ts";
import { Router } from "./route.ts";
import { agentRoutes, mountAgentSocket } from "./routes/agents.ts";
import { mountAgentPoll } from "./routes/agent-poll.ts";
import { appRoutes } from "./routes/apps.ts";
import { auditRoutes } from "./routes/audit.ts";
import { containerRoutes } from "./routes/containers.ts";
import { logRoutes } from "./routes/logs.ts";
import { docsRoutes } from "./routes/docs.ts";
import { domainRoutes } from "./routes/domains.ts";
import { certificateRoutes } from "./routes/certificates.ts";
import { privateUrlRoutes } from "./routes/private-urls.ts";
import { databaseRoutes } from "./routes/databases.ts";
import { backupRoutes } from "./routes/backups.ts";
import { alertRoutes } from "./routes/alerts.ts";
import { notificationRoutes } from "./routes/notifications.ts";
import { databaseTransferRoutes } from "./routes/database-transfer.ts";
import { healthRoutes } from "./routes/health.ts";
import { imageRoutes } from "./routes/images.ts";
import { jobRoutes } from "./routes/jobs.ts";
import { metricsRoutes, mountPrometheus } from "./routes/metrics.ts";
import { networkRoutes } from "./routes/networks.ts";
import { profileRoutes } from "./routes/profile.ts";
import { serverRoutes } from "./routes/servers.ts";
import { sessionRoutes } from "./routes/session.ts";
import { templateRoutes } from "./routes/templates.ts";
import { userRoutes } from "./routes/users.ts";
import { volumeRoutes } from "./routes/volumes.ts";
import { wordpressRoutes } from "./routes/wordpress.ts";
import { projectRoutes } from "./routes/projects.ts";
import { syncRoutes } from "./routes/syncs.ts";
import type { Services } from "./services.ts";
import { mountUi } from "./ui/static.ts";
import { mountLive } from "./ws/live.ts";

/** Routes whose body is a raw stream (see routes/database-transfer.ts). */
const STREAMING_UPLOAD = /^\/api\/v1\/database-servers\/\d+\/databases\/[a-z0-9_]+\/import$/;

export async function createApp(s: Services) {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.notFound(notFoundHandler);

  app.use(requestContext(s.log.child({ domain: "http" })));
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", "data:"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
      xFrameOptions: "DENY",
      referrerPolicy: "same-origin",
      crossOriginEmbedderPolicy: false,
      // HSTS belongs to the TLS proxy in front of the panel (a domain), not to http://IP:5000.
      strictTransportSecurity: false,
    }),
  );
  app.use("/api/*", authenticate(s.auth));
  app.use("/api/*", auditTrail(s.audit));
  const jsonLimit = bodyLimit({
    maxSize: s.config.bodyLimitBytes,
    onError: (c) => c.json(errorBody("payload_too_large", `The request body is larger than ${s.config.bodyLimitBytes} bytes.`), 413),
  });
  const uploadLimit = bodyLimit({
    maxSize: s.config.uploadLimitBytes,
    onError: (c) => c.json(errorBody("payload_too_large", `The upload is larger than ${s.config.uploadLimitBytes} bytes.`), 413),
  });
  // Streaming uploads (database imports) get their own, larger limit; everything else is JSON.
  app.use("/api/*", (c, next) => (c.req.method === "POST" && STREAMING_UPLOAD.test(c.req.path) ? uploadLimit(c, next) : jsonLimit(c, next)));

  const api = new Hono<AppEnv>();
  const router = new Router(api);
  healthRoutes(router, s);
  sessionRoutes(router, s);
  profileRoutes(router, s);
  userRoutes(router, s);
  auditRoutes(router, s);
  jobRoutes(router, s);
  serverRoutes(router, s);
  agentRoutes(router, s);
  containerRoutes(router, s);
  logRoutes(router, s);
  imageRoutes(router, s);
  volumeRoutes(router, s);
  networkRoutes(router, s);
  templateRoutes(router, s);
  appRoutes(router, s);
  domainRoutes(router, s);
  certificateRoutes(router, s);
  privateUrlRoutes(router, s);
  databaseRoutes(router, s);
  backupRoutes(router, s);
  notificationRoutes(router, s);
  alertRoutes(router, s);
  databaseTransferRoutes(router, s);
  metricsRoutes(router, s);
  wordpressRoutes(router, s);
  projectRoutes(router, s);
  syncRoutes(router, s);
  docsRoutes(router, s);
  mountLive(app, s);
  mountPrometheus(app, s);
  mountAgentSocket(app, s);
  mountAgentPoll(app, s);
  app.route("/api/v1", api);
  await mountUi(app);

  return { app, routes: router.routes };
}
