// Every template in templates/*.yaml, imported as text so `bun build --compile` carries it in
// the binary. Adding a template = adding its file AND a line here; a test fails otherwise.
import actualBudget from "../../templates/actual-budget.yaml" with { type: "text" };
import adminer from "../../templates/adminer.yaml" with { type: "text" };
import appsmith from "../../templates/appsmith.yaml" with { type: "text" };
import baserow from "../../templates/baserow.yaml" with { type: "text" };
import bookstack from "../../templates/bookstack.yaml" with { type: "text" };
import codeServer from "../../templates/code-server.yaml" with { type: "text" };
import directus from "../../templates/directus.yaml" with { type: "text" };
import docmost from "../../templates/docmost.yaml" with { type: "text" };
import drone from "../../templates/drone.yaml" with { type: "text" };
import drupal from "../../templates/drupal.yaml" with { type: "text" };
import flaskApp from "../../templates/flask-app.yaml" with { type: "text" };
import forgejo from "../../templates/forgejo.yaml" with { type: "text" };
import freshrss from "../../templates/freshrss.yaml" with { type: "text" };
import ghost from "../../templates/ghost.yaml" with { type: "text" };
import gitea from "../../templates/gitea.yaml" with { type: "text" };
import gotify from "../../templates/gotify.yaml" with { type: "text" };
import grafana from "../../templates/grafana.yaml" with { type: "text" };
import homeAssistant from "../../templates/home-assistant.yaml" with { type: "text" };
import immich from "../../templates/immich.yaml" with { type: "text" };
import influxdb from "../../templates/influxdb.yaml" with { type: "text" };
import itTools from "../../templates/it-tools.yaml" with { type: "text" };
import jellyfin from "../../templates/jellyfin.yaml" with { type: "text" };
import joomla from "../../templates/joomla.yaml" with { type: "text" };
import keycloak from "../../templates/keycloak.yaml" with { type: "text" };
import listmonk from "../../templates/listmonk.yaml" with { type: "text" };
import mariadb from "../../templates/mariadb.yaml" with { type: "text" };
import matomo from "../../templates/matomo.yaml" with { type: "text" };
import mattermost from "../../templates/mattermost.yaml" with { type: "text" };
import mealie from "../../templates/mealie.yaml" with { type: "text" };
import meilisearch from "../../templates/meilisearch.yaml" with { type: "text" };
import memcached from "../../templates/memcached.yaml" with { type: "text" };
import memos from "../../templates/memos.yaml" with { type: "text" };
import metabase from "../../templates/metabase.yaml" with { type: "text" };
import miniflux from "../../templates/miniflux.yaml" with { type: "text" };
import minio from "../../templates/minio.yaml" with { type: "text" };
import mongodb from "../../templates/mongodb.yaml" with { type: "text" };
import mysql from "../../templates/mysql.yaml" with { type: "text" };
import n8n from "../../templates/n8n.yaml" with { type: "text" };
import nextcloud from "../../templates/nextcloud.yaml" with { type: "text" };
import nocodb from "../../templates/nocodb.yaml" with { type: "text" };
import nodeRed from "../../templates/node-red.yaml" with { type: "text" };
import nodejsApp from "../../templates/nodejs-app.yaml" with { type: "text" };
import ntfy from "../../templates/ntfy.yaml" with { type: "text" };
import odoo from "../../templates/odoo.yaml" with { type: "text" };
import outline from "../../templates/outline.yaml" with { type: "text" };
import paperlessNgx from "../../templates/paperless-ngx.yaml" with { type: "text" };
import pgadmin from "../../templates/pgadmin.yaml" with { type: "text" };
import phpApp from "../../templates/php-app.yaml" with { type: "text" };
import phpmyadmin from "../../templates/phpmyadmin.yaml" with { type: "text" };
import pihole from "../../templates/pihole.yaml" with { type: "text" };
import plausible from "../../templates/plausible.yaml" with { type: "text" };
import postgresql from "../../templates/postgresql.yaml" with { type: "text" };
import prometheus from "../../templates/prometheus.yaml" with { type: "text" };
import rabbitmq from "../../templates/rabbitmq.yaml" with { type: "text" };
import redis from "../../templates/redis.yaml" with { type: "text" };
import redmine from "../../templates/redmine.yaml" with { type: "text" };
import registry from "../../templates/registry.yaml" with { type: "text" };
import staticSite from "../../templates/static-site.yaml" with { type: "text" };
import stirlingPdf from "../../templates/stirling-pdf.yaml" with { type: "text" };
import strapi from "../../templates/strapi.yaml" with { type: "text" };
import typesense from "../../templates/typesense.yaml" with { type: "text" };
import umami from "../../templates/umami.yaml" with { type: "text" };
import uptimeKuma from "../../templates/uptime-kuma.yaml" with { type: "text" };
import valkey from "../../templates/valkey.yaml" with { type: "text" };
import vaultwarden from "../../templates/vaultwarden.yaml" with { type: "text" };
import wikijs from "../../templates/wikijs.yaml" with { type: "text" };
import woodpecker from "../../templates/woodpecker.yaml" with { type: "text" };
import wordpress from "../../templates/wordpress.yaml" with { type: "text" };

export interface EmbeddedTemplate {
  /** File name inside templates/, used in error messages; its stem is the template id. */
  file: string;
  text: string;
}

const t = (file: string, text: string): EmbeddedTemplate => ({ file, text });

export const embeddedTemplates: readonly EmbeddedTemplate[] = [
  t("actual-budget.yaml", actualBudget),
  t("adminer.yaml", adminer),
  t("appsmith.yaml", appsmith),
  t("baserow.yaml", baserow),
  t("bookstack.yaml", bookstack),
  t("code-server.yaml", codeServer),
  t("directus.yaml", directus),
  t("docmost.yaml", docmost),
  t("drone.yaml", drone),
  t("drupal.yaml", drupal),
  t("flask-app.yaml", flaskApp),
  t("forgejo.yaml", forgejo),
  t("freshrss.yaml", freshrss),
  t("ghost.yaml", ghost),
  t("gitea.yaml", gitea),
  t("gotify.yaml", gotify),
  t("grafana.yaml", grafana),
  t("home-assistant.yaml", homeAssistant),
  t("immich.yaml", immich),
  t("influxdb.yaml", influxdb),
  t("it-tools.yaml", itTools),
  t("jellyfin.yaml", jellyfin),
  t("joomla.yaml", joomla),
  t("keycloak.yaml", keycloak),
  t("listmonk.yaml", listmonk),
  t("mariadb.yaml", mariadb),
  t("matomo.yaml", matomo),
  t("mattermost.yaml", mattermost),
  t("mealie.yaml", mealie),
  t("meilisearch.yaml", meilisearch),
  t("memcached.yaml", memcached),
  t("memos.yaml", memos),
  t("metabase.yaml", metabase),
  t("miniflux.yaml", miniflux),
  t("minio.yaml", minio),
  t("mongodb.yaml", mongodb),
  t("mysql.yaml", mysql),
  t("n8n.yaml", n8n),
  t("nextcloud.yaml", nextcloud),
  t("nocodb.yaml", nocodb),
  t("node-red.yaml", nodeRed),
  t("nodejs-app.yaml", nodejsApp),
  t("ntfy.yaml", ntfy),
  t("odoo.yaml", odoo),
  t("outline.yaml", outline),
  t("paperless-ngx.yaml", paperlessNgx),
  t("pgadmin.yaml", pgadmin),
  t("php-app.yaml", phpApp),
  t("phpmyadmin.yaml", phpmyadmin),
  t("pihole.yaml", pihole),
  t("plausible.yaml", plausible),
  t("postgresql.yaml", postgresql),
  t("prometheus.yaml", prometheus),
  t("rabbitmq.yaml", rabbitmq),
  t("redis.yaml", redis),
  t("redmine.yaml", redmine),
  t("registry.yaml", registry),
  t("static-site.yaml", staticSite),
  t("stirling-pdf.yaml", stirlingPdf),
  t("strapi.yaml", strapi),
  t("typesense.yaml", typesense),
  t("umami.yaml", umami),
  t("uptime-kuma.yaml", uptimeKuma),
  t("valkey.yaml", valkey),
  t("vaultwarden.yaml", vaultwarden),
  t("wikijs.yaml", wikijs),
  t("woodpecker.yaml", woodpecker),
  t("wordpress.yaml", wordpress),
];
