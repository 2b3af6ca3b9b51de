#!/usr/bin/env bash
# ServerKit installer: run as root from a checkout on Debian 12 or Ubuntu 24.04.
#
#   ./install.sh [--port N] [--no-start]
#
# Installs what is missing (Bun pinned from npm; docker.io, docker-compose and
# nginx from the distribution), builds the UI and the binary, installs
# /usr/local/bin/serverkit, creates /etc/serverkit and /var/lib/serverkit, then
# runs the panel: as a systemd unit where PID 1 is systemd, otherwise in the
# background with a pid file and a log file. Waits for /api/v1/health and
# prints the address. Safe to run again: data and configuration are kept, and
# a running panel is only restarted when its binary or settings changed.
set -euo pipefail

readonly BUN_VERSION="1.4.5"
readonly BIN="/usr/local/bin/serverkit"
readonly CONF_DIR="/etc/serverkit"
readonly CONF_FILE="${CONF_DIR}/config.yaml"
readonly ENV_FILE="${CONF_DIR}/serverkit.env"
readonly DATA_DIR="/var/lib/serverkit"
readonly PID_FILE="${DATA_DIR}/serverkit.pid"
readonly LOG_FILE="/var/log/serverkit.log"
readonly DOCKERD_LOG="/var/log/dockerd.log"
readonly UNIT_FILE="/etc/systemd/system/serverkit.service"
readonly HEALTH_TIMEOUT=30

PORT=""
START=1

usage() {
  cat <<'EOF'
Usage: ./install.sh [--port N] [--no-start]

  --port N     listen on port N (default 5000; remembered in /etc/serverkit/serverkit.env)
  --no-start   install and configure, but do not start or restart the panel
  -h, --help   this help

Run as root from a ServerKit checkout on Debian 12 or Ubuntu 24.04.
EOF
}

say() { printf '==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --port)
      [[ $# -ge 2 ]] || die "--port needs a value"
      PORT="$2"
      shift 2
      ;;
    --port=*)
      PORT="${1#--port=}"
      shift
      ;;
    --no-start)
      START=0
      shift
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      usage >&2
      die "unknown argument: $1"
      ;;
  esac
done
if [[ -n "${PORT}" ]] && ! [[ "${PORT}" =~ ^[0-9]+$ && "${PORT}" -ge 1 && "${PORT}" -le 65535 ]]; then
  die "--port wants a number from 1 to 65535, got '${PORT}'"
fi

[[ ${EUID} -eq 0 ]] || die "run as root (e.g. sudo ./install.sh)"
command -v apt-get >/dev/null 2>&1 || die "apt-get not found: ServerKit installs on Debian 12 or Ubuntu 24.04"

SRC_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SRC_DIR
[[ -f "${SRC_DIR}/package.json" && -f "${SRC_DIR}/scripts/build.ts" ]] ||
  die "run install.sh from a ServerKit checkout (package.json and scripts/build.ts not found in ${SRC_DIR})"

export DEBIAN_FRONTEND=noninteractive
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH}"

# One installer at a time (fd 9 holds the lock; long-lived children close it).
exec 9>/run/serverkit-install.lock
flock -n 9 || die "another install.sh is running"

if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
  SYSTEMD=1
else
  SYSTEMD=0
fi

# A daemon started from here must not keep our lock (fd 9) or a caller's pipe
# open: close every descriptor above 2 (call in the subshell that execs it).
close_inherited_fds() {
  local fd n
  for fd in /proc/self/fd/*; do
    n="${fd##*/}"
    if [[ "${n}" =~ ^[0-9]+$ ]] && ((n > 2)); then
      eval "exec ${n}>&-" 2>/dev/null || true
    fi
  done
}

# --- the OS --------------------------------------------------------------------
os_id="unknown"
os_version=""
if [[ -r /etc/os-release ]]; then
  # shellcheck disable=SC1091
  os_id="$(. /etc/os-release && echo "${ID:-unknown}")"
  # shellcheck disable=SC1091
  os_version="$(. /etc/os-release && echo "${VERSION_ID:-}")"
fi
say "ServerKit install on ${os_id} ${os_version} ($( ((SYSTEMD)) && echo systemd || echo 'no systemd'))"
case "${os_id}:${os_version}" in
  debian:12 | ubuntu:24.04) ;;
  *) warn "tested on Debian 12 and Ubuntu 24.04 only; going on with ${os_id} ${os_version}" ;;
esac

# --- packages ------------------------------------------------------------------
APT_UPDATED=0
pkg_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}
apt_get() {
  apt-get -o DPkg::Lock::Timeout=300 -y -q "$@"
}
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    pkg_installed "$p" || missing+=("$p")
  done
  [[ ${#missing[@]} -gt 0 ]] || return 0
  if [[ ${APT_UPDATED} -eq 0 ]]; then
    info "apt-get update"
    apt_get update >/dev/null
    APT_UPDATED=1
  fi
  info "installing ${missing[*]}"
  apt_get install --no-install-recommends "${missing[@]}"
}

say "Packages"
ensure_packages ca-certificates docker.io docker-compose nginx
info "docker.io, docker-compose, nginx present"

have_bun="$(bun --version 2>/dev/null || true)"
if [[ "${have_bun}" != "${BUN_VERSION}" ]]; then
  info "bun ${have_bun:-missing}: installing bun@${BUN_VERSION} from npm"
  command -v npm >/dev/null 2>&1 || ensure_packages nodejs npm
  npm install -g --no-fund --no-audit "bun@${BUN_VERSION}"
  hash -r
  npm_bin="$(npm prefix -g 2>/dev/null)/bin"
  [[ ":${PATH}:" == *":${npm_bin}:"* ]] || PATH="${npm_bin}:${PATH}"
  have_bun="$(bun --version 2>/dev/null || true)"
  [[ "${have_bun}" == "${BUN_VERSION}" ]] || die "bun ${BUN_VERSION} wanted, found '${have_bun:-none}'"
fi
info "bun ${have_bun}"

# --- build ---------------------------------------------------------------------
say "Building ServerKit"
(
  cd "${SRC_DIR}"
  bun install --frozen-lockfile
  bun scripts/build.ts
)
NEW_BIN="${SRC_DIR}/dist/serverkit"
[[ -x "${NEW_BIN}" ]] || die "build did not produce ${NEW_BIN}"
"${NEW_BIN}" version >/dev/null 2>&1 || die "${NEW_BIN} does not run ('serverkit version' failed)"

# --- files ---------------------------------------------------------------------
say "Installing"
BIN_CHANGED=0
if [[ -x "${BIN}" ]] && cmp -s "${NEW_BIN}" "${BIN}"; then
  info "${BIN} unchanged"
else
  install -m 0755 "${NEW_BIN}" "${BIN}.new"
  mv -f "${BIN}.new" "${BIN}"
  BIN_CHANGED=1
  info "${BIN} installed ($("${BIN}" version 2>/dev/null | head -n 1 || true))"
fi

install -d -m 0755 "${CONF_DIR}"
install -d -m 0700 "${DATA_DIR}"
chmod 0700 "${DATA_DIR}"

if [[ ! -e "${CONF_FILE}" ]]; then
  cat >"${CONF_FILE}" <<'EOF'
# ServerKit configuration. Every setting is optional; shown are the defaults.
# Precedence: command-line flags > SERVERKIT_* environment > this file.
# An unknown key or a bad value stops the panel with a message naming it.
#
# port: 5000                        # SERVERKIT_PORT (install.sh --port writes serverkit.env)
# host: 0.0.0.0                     # SERVERKIT_HOST
# dataDir: /var/lib/serverkit       # SERVERKIT_DATA_DIR: database, key file, backups
# databaseUrl: libsql://...         # SERVERKIT_DATABASE_URL; unset: SQLite in dataDir
# logLevel: info                    # SERVERKIT_LOG_LEVEL: debug, info, warn, error
# dockerSocket: /var/run/docker.sock
# bodyLimitBytes: 1048576           # largest API request body
# auth:
#   sessionTtlHours: 168
#   maxFailedLogins: 5              # per IP or account, before backoff
# jobs:
#   concurrency: 2
EOF
  chmod 0640 "${CONF_FILE}"
  info "wrote ${CONF_FILE} (all defaults, commented)"
else
  info "kept ${CONF_FILE}"
fi

# Settings chosen by install.sh flags live in an environment file read by the
# unit or by the background start, so a later run without flags keeps them.
SETTINGS_CHANGED=0
if [[ ! -e "${ENV_FILE}" ]]; then
  printf '%s\n' "# Environment for the ServerKit panel, written by install.sh (--port)." >"${ENV_FILE}"
  chmod 0640 "${ENV_FILE}"
fi
if [[ -n "${PORT}" ]]; then
  current="$(sed -n 's/^SERVERKIT_PORT=//p' "${ENV_FILE}" | tail -n 1)"
  if [[ "${current}" != "${PORT}" ]]; then
    sed -i '/^SERVERKIT_PORT=/d' "${ENV_FILE}"
    printf 'SERVERKIT_PORT=%s\n' "${PORT}" >>"${ENV_FILE}"
    SETTINGS_CHANGED=1
    info "port ${PORT} saved in ${ENV_FILE}"
  fi
fi
PORT="$(sed -n 's/^SERVERKIT_PORT=//p' "${ENV_FILE}" | tail -n 1)"
PORT="${PORT:-5000}"

# --- Docker engine -------------------------------------------------------------
docker_up() { timeout 10 docker info >/dev/null 2>&1; }
say "Docker engine"
if docker_up; then
  info "dockerd answers"
elif ((SYSTEMD)); then
  systemctl enable --now docker >/dev/null 2>&1 || warn "could not start docker.service"
else
  info "starting dockerd in the background (log: ${DOCKERD_LOG})"
  (
    close_inherited_fds
    exec setsid dockerd --host unix:///var/run/docker.sock </dev/null >>"${DOCKERD_LOG}" 2>&1
  ) &
fi
for ((i = 0; i < 60; i++)); do
  docker_up && break
  sleep 1
done
if docker_up; then
  info "docker $(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?') ready"
else
  warn "dockerd does not answer; the panel starts anyway and shows Docker as unavailable (see ${DOCKERD_LOG})"
fi

say "Nginx"
# Folders nginx's workers read at request time (ACME challenges, private-URL passwords):
# outside the 0700 data dir on purpose.
install -d -m 0755 /var/www/serverkit-acme /etc/nginx/serverkit-auth
# The panel owns the default server once a private URL exists; Debian's stock default site
# would clash with it ("duplicate default server"). Only the untouched stock link is removed.
if [[ -L /etc/nginx/sites-enabled/default && "$(readlink /etc/nginx/sites-enabled/default)" == "/etc/nginx/sites-available/default" ]]; then
  rm -f /etc/nginx/sites-enabled/default
  info "disabled Debian's stock default site (the panel serves unknown hosts and private URLs)"
fi
nginx_up() { [[ -s /run/nginx.pid ]] && kill -0 "$(cat /run/nginx.pid)" 2>/dev/null; }
if nginx_up; then
  nginx -t -q && nginx -s reload && info "nginx reloaded"
elif ((SYSTEMD)); then
  systemctl enable --now nginx >/dev/null 2>&1 || warn "could not start nginx.service"
else
  nginx -t -q && (close_inherited_fds; exec nginx </dev/null >/dev/null 2>&1) && info "nginx started"
fi
nginx_up || warn "nginx is not running; domains cannot be served until it is (nginx -t shows why)"

# --- the panel -------------------------------------------------------------------
health_ok() {
  SK_HEALTH_URL="http://127.0.0.1:${PORT}/api/v1/health" bun -e '
    const r = await fetch(process.env.SK_HEALTH_URL, { signal: AbortSignal.timeout(2000) }).catch(() => null);
    const b = r && r.ok ? await r.json().catch(() => null) : null;
    process.exit(b && b.status === "ok" ? 0 : 1);
  ' >/dev/null 2>&1
}

write_unit() {
  local tmp
  tmp="$(mktemp)"
  cat >"${tmp}" <<EOF
# Written by ServerKit install.sh; rerunning it refreshes this file.
[Unit]
Description=ServerKit server control panel
Wants=network-online.target
After=network-online.target docker.service nginx.service

[Service]
Type=simple
ExecStart=${BIN} serve
EnvironmentFile=-${ENV_FILE}
WorkingDirectory=${DATA_DIR}
Restart=on-failure
RestartSec=2s
TimeoutStopSec=20s
LimitNOFILE=65536
UMask=0027
# Hardening that still lets the panel drive Docker (socket), nginx (files under
# /etc/nginx and reload), packages and its own data: no read-only /usr or /etc,
# no private /tmp (paths are shared with dockerd), no MemoryDenyWriteExecute
# (Bun's JIT needs it).
NoNewPrivileges=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectClock=yes
ProtectControlGroups=yes
LockPersonality=yes
RestrictRealtime=yes
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK
SystemCallArchitectures=native

[Install]
WantedBy=multi-user.target
EOF
  if [[ -f "${UNIT_FILE}" ]] && cmp -s "${tmp}" "${UNIT_FILE}"; then
    rm -f "${tmp}"
    return 1
  fi
  install -m 0644 "${tmp}" "${UNIT_FILE}"
  rm -f "${tmp}"
  return 0
}

# The pid from the pid file, when that process really is a serverkit.
running_pid() {
  local pid exe
  [[ -r "${PID_FILE}" ]] || return 1
  pid="$(tr -dc '0-9' <"${PID_FILE}")"
  [[ -n "${pid}" ]] && kill -0 "${pid}" 2>/dev/null || return 1
  exe="$(readlink "/proc/${pid}/exe" 2>/dev/null || true)"
  case "${exe}" in
    "${BIN}" | "${BIN} (deleted)" | "${BIN}.new" | "${BIN}.new (deleted)") ;;
    *) return 1 ;;
  esac
  echo "${pid}"
}

stop_background() {
  local pid i
  pid="$(running_pid)" || return 0
  info "stopping the running panel (pid ${pid})"
  kill -TERM "${pid}" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    kill -0 "${pid}" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "${pid}" 2>/dev/null; then
    warn "pid ${pid} still running after 15 s; sending SIGKILL"
    kill -KILL "${pid}" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "${PID_FILE}"
}

start_background() {
  local pid
  info "starting ${BIN} serve in the background (log: ${LOG_FILE})"
  touch "${LOG_FILE}"
  chmod 0640 "${LOG_FILE}"
  (
    set -a
    # shellcheck disable=SC1090
    . "${ENV_FILE}"
    set +a
    cd "${DATA_DIR}"
    umask 0027
    close_inherited_fds
    exec nohup setsid "${BIN}" serve </dev/null >>"${LOG_FILE}" 2>&1
  ) &
  pid=$!
  echo "${pid}" >"${PID_FILE}"
  chmod 0644 "${PID_FILE}"
  info "pid ${pid} written to ${PID_FILE}"
}

show_log_tail() {
  if ((SYSTEMD)); then
    journalctl -u serverkit --no-pager -n 40 2>/dev/null || true
  else
    tail -n 40 "${LOG_FILE}" 2>/dev/null || true
  fi
}

say "Panel"
if ((SYSTEMD)); then
  UNIT_CHANGED=0
  if write_unit; then
    UNIT_CHANGED=1
    info "wrote ${UNIT_FILE}"
  fi
  systemctl daemon-reload
  if ((START)); then
    systemctl enable serverkit.service >/dev/null 2>&1
    if ((BIN_CHANGED || UNIT_CHANGED || SETTINGS_CHANGED)) && systemctl is-active --quiet serverkit.service; then
      info "restarting serverkit.service"
      systemctl restart serverkit.service
    else
      systemctl start serverkit.service
    fi
    info "serverkit.service enabled and running (journalctl -u serverkit)"
  else
    systemctl enable serverkit.service >/dev/null 2>&1
    info "--no-start: serverkit.service enabled, not started (systemctl start serverkit)"
  fi
else
  info "PID 1 is not systemd: running the panel in the background"
  if ((START)); then
    if pid="$(running_pid)"; then
      if ((BIN_CHANGED || SETTINGS_CHANGED)) || ! health_ok; then
        stop_background
        start_background
      else
        info "already running (pid ${pid}) with the same binary and settings; left as is"
      fi
    else
      start_background
    fi
  else
    info "--no-start: not started (start with: nohup ${BIN} serve >>${LOG_FILE} 2>&1 &)"
  fi
fi

if ((START == 0)); then
  say "Installed ${BIN}; data in ${DATA_DIR}, configuration in ${CONF_DIR}"
  exit 0
fi

say "Waiting for http://127.0.0.1:${PORT}/api/v1/health"
ready=0
for ((i = 0; i < HEALTH_TIMEOUT * 2; i++)); do
  if health_ok; then
    ready=1
    break
  fi
  if ((!SYSTEMD)) && ! running_pid >/dev/null; then
    break # the process is gone: no point in waiting
  fi
  sleep 0.5
done
if ((!ready)); then
  show_log_tail >&2
  die "the panel did not answer on port ${PORT} within ${HEALTH_TIMEOUT} s (log above)"
fi
if ((!SYSTEMD)) && ! running_pid >/dev/null; then
  show_log_tail >&2
  die "something answers on port ${PORT}, but the panel we started (pid file ${PID_FILE}) is gone (log above)"
fi

primary_ip() {
  local ip=""
  if command -v ip >/dev/null 2>&1; then
    # first global IPv4 that is not a Docker bridge or veth
    ip="$(ip -4 -o addr show scope global 2>/dev/null |
      awk '$2 !~ /^(docker|br-|veth|virbr|lo)/ { split($4, a, "/"); print a[1]; exit }')"
  fi
  if [[ -z "${ip}" ]] && command -v hostname >/dev/null 2>&1; then
    local word
    for word in $(hostname -I 2>/dev/null || true); do
      if [[ "${word}" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ && "${word}" != 127.* ]]; then
        ip="${word}"
        break
      fi
    done
  fi
  echo "${ip:-127.0.0.1}"
}

echo
say "ServerKit is running: http://$(primary_ip):${PORT}"
if curl -fsS "http://127.0.0.1:${PORT}/api/v1/setup" 2>/dev/null | grep -q '"needed":true'; then
  info "Open it in a browser to create the owner account, or on this console:"
  info "  serverkit user create --username admin --password '...' --role owner"
else
  info "Sign in with your account. Locked out? serverkit user reset-password --username NAME"
fi
if ((SYSTEMD)); then
  info "Service: systemctl status serverkit; logs: journalctl -u serverkit"
else
  info "Background process: pid $(cat "${PID_FILE}") in ${PID_FILE}; log: ${LOG_FILE}"
fi
info "Data: ${DATA_DIR}; configuration: ${CONF_FILE}"
