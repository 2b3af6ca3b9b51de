// The proxy domain's errors: stable codes the API and UI key on.
import { DomainError, conflict, invalid } from "../lib/errors.ts";

export const badHostname = (given: string, why: string) =>
  invalid("invalid_hostname", `"${given.slice(0, 80)}" is not a valid domain name: ${why}.`, { hostname: given.slice(0, 255), reason: why });

export const domainTaken = (hostname: string, appName: string) =>
  conflict("domain_taken", `${hostname} is already connected to the app "${appName}".`, { hostname, app: appName });

/** Carries nginx's own words (`nginx -t` / reload output) so the user sees what nginx saw. */
export const nginxInvalid = (output: string) =>
  new DomainError("invalid", "nginx_config_invalid", `nginx refused the configuration: ${output.trim().split("\n").slice(-3).join(" ")}`, {
    output: output.trim(),
  });

export const applyFailed = (message: string) =>
  new DomainError("internal", "nginx_apply_failed", `Applying the nginx configuration failed and was rolled back: ${message}`);
