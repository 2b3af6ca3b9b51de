#!/usr/bin/env bash
# ServerKit test entry point: prepares a machine (Bun, Debian packages, dockerd,
# the local test image), builds the binary and runs `bun test`.
#
# Usage: scripts/test.sh [bun test arguments...]
#   e.g. scripts/test.sh src/auth        run only the tests under src/auth
#
# Meant to run as root on Debian 12 (CI runs it through .ci/run on a fresh
# clone). Idempotent and quick when everything is already in place. The last
# lines printed are bun test's summary; the exit code is bun test's.
#
# Environment knobs:
#   SERVERKIT_TEST_TIMEOUT   seconds for the whole `bun test` run (default 2000)
#   SERVERKIT_TEST_PER_TEST  per-test timeout in ms (default 30000)
#   SERVERKIT_SKIP_BUILD=1   reuse an existing dist/serverkit (local iteration only)
set -euo pipefail

readonly BUN_VERSION="1.4.5"
readonly TEST_IMAGE="local/busybox:test"
readonly APT_PACKAGES=(docker.io docker-compose busybox-static nginx chromium pebble openssl curl mariadb-server mariadb-client postgresql postgresql-client zstd redis-server redis-tools debootstrap php-cli)
readonly DOCKERD_LOG="/var/log/serverkit-test-dockerd.log"
readonly TEST_TIMEOUT="${SERVERKIT_TEST_TIMEOUT:-2000}"
readonly PER_TEST_TIMEOUT="${SERVERKIT_TEST_PER_TEST:-30000}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
cd "$ROOT"

export DEBIAN_FRONTEND=noninteractive
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH}"

section() { printf '\n==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [[ ${EUID} -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    die "need root for: $* (run as root)"
  fi
}

# apt may be busy (unattended upgrades, another install): wait for its locks
# instead of failing.
apt_get() {
  local attempt
  for attempt in 1 2 3 4 5 6; do
    if as_root apt-get -o DPkg::Lock::Timeout=600 -o APT::Get::Assume-Yes=true -q "$@"; then
      return 0
    fi
    info "apt-get $1 failed (attempt ${attempt}), retrying in 10 s"
    sleep 10
  done
  return 1
}

pkg_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

# Install Debian packages that are missing; `apt-get update` only when needed.
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    pkg_installed "$p" || missing+=("$p")
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    info "present: $*"
    return 0
  fi
  info "installing: ${missing[*]}"
  # Keep apt from starting services (nginx, docker) on machines without an
  # init that wants them; only when the machine has no policy of its own.
  local policy_created=0
  if [[ ! -e /usr/sbin/policy-rc.d && ! -d /run/systemd/system ]]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod 0755 /usr/sbin/policy-rc.d
    policy_created=1
  fi
  apt_get update
  apt_get install --no-install-recommends "${missing[@]}"
  if [[ ${policy_created} -eq 1 ]]; then
    as_root rm -f /usr/sbin/policy-rc.d
  fi
}

ensure_bun() {
  local have=""
  have="$(bun --version 2>/dev/null || true)"
  if [[ "${have}" == "${BUN_VERSION}" ]]; then
    info "bun ${have}"
    return 0
  fi
  info "bun ${have:-missing}, installing ${BUN_VERSION} from npm"
  if ! command -v npm >/dev/null 2>&1; then
    ensure_packages nodejs npm
  fi
  as_root npm install -g --no-fund --no-audit "bun@${BUN_VERSION}"
  hash -r
  local npm_bin
  npm_bin="$(npm prefix -g 2>/dev/null)/bin"
  if [[ -d "${npm_bin}" && ":${PATH}:" != *":${npm_bin}:"* ]]; then
    export PATH="${npm_bin}:${PATH}"
  fi
  have="$(bun --version 2>/dev/null || true)"
  [[ "${have}" == "${BUN_VERSION}" ]] || die "bun ${BUN_VERSION} wanted, got '${have:-none}'"
  info "bun ${have}"
}

# A daemon started from here must not hold a caller's pipe open (CI waits for
# EOF on its output): close every descriptor above 2 before exec.
close_inherited_fds() {
  local fd n
  for fd in /proc/self/fd/*; do
    n="${fd##*/}"
    if [[ "${n}" =~ ^[0-9]+$ ]] && ((n > 2)); then
      eval "exec ${n}>&-" 2>/dev/null || true
    fi
  done
}

docker_up() { timeout 10 docker info >/dev/null 2>&1; }

ensure_dockerd() {
  if docker_up; then
    info "dockerd answers"
    return 0
  fi
  if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
    info "starting docker.service"
    as_root systemctl start docker || true
  else
    info "starting dockerd (log: ${DOCKERD_LOG})"
    # Detached into its own session so it outlives this script; leaving it
    # running between runs is intended.
    (
      close_inherited_fds
      exec setsid dockerd --host unix:///var/run/docker.sock </dev/null >>"${DOCKERD_LOG}" 2>&1
    ) &
  fi
  local i
  for ((i = 0; i < 60; i++)); do
    if docker_up; then
      info "dockerd ready after ${i} s"
      return 0
    fi
    sleep 1
  done
  tail -n 30 "${DOCKERD_LOG}" 2>/dev/null || true
  die "dockerd did not answer within 60 s"
}

# A registry-free image: a static busybox with all its applets, /www for httpd.
ensure_test_image() {
  if docker image inspect "${TEST_IMAGE}" >/dev/null 2>&1; then
    info "${TEST_IMAGE} present"
    return 0
  fi
  local bb=/bin/busybox rootfs applet
  [[ -x "${bb}" ]] || die "${bb} missing (busybox-static)"
  rootfs="$(mktemp -d /tmp/sk-busybox-rootfs.XXXXXX)"
  mkdir -p "${rootfs}"/{bin,etc,tmp,www,root,proc,sys,dev}
  chmod 1777 "${rootfs}/tmp"
  cp "${bb}" "${rootfs}/bin/busybox"
  for applet in $("${bb}" --list); do
    [[ "${applet}" == "busybox" ]] && continue
    ln -sf busybox "${rootfs}/bin/${applet}"
  done
  # the recipe's minimum, in case --list lacks any of them
  for applet in sh httpd echo sleep cat ls wget; do
    ln -sf busybox "${rootfs}/bin/${applet}"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"${rootfs}/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"${rootfs}/etc/group"
  printf 'serverkit test image\n' >"${rootfs}/www/index.html"
  tar -C "${rootfs}" --numeric-owner -c . |
    docker import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' - "${TEST_IMAGE}" >/dev/null
  rm -rf "${rootfs}"
  info "${TEST_IMAGE} imported"
}

# The WordPress test images (debootstrap + Debian's packages: minutes the first time), built
# here so no test pays for them inside its timeout; cached by tag afterwards. A failure (no
# mirror) is not fatal here: the WordPress e2e test then fails with the reason.
ensure_wordpress_images() {
  bun test/harness/wordpress-image.ts || info "WordPress test images could not be built (see above)"
}

# Processes the tests may have left behind: panels spawned from dist/ and
# headless Chromiums with a Playwright temp profile. Silent: bun test's
# summary has to stay the last thing printed.
reap_strays() {
  local dir pid exe cmd
  for dir in /proc/[0-9]*; do
    pid="${dir#/proc/}"
    [[ "${pid}" == "$$" ]] && continue
    exe="$(readlink "/proc/${pid}/exe" 2>/dev/null || true)"
    case "${exe}" in
      "${ROOT}/dist/serverkit" | "${ROOT}/dist/serverkit (deleted)")
        kill -KILL "${pid}" 2>/dev/null || true
        continue
        ;;
    esac
    cmd="$( { tr '\0' ' ' <"/proc/${pid}/cmdline"; } 2>/dev/null || true)"
    if [[ "${cmd}" == *chromium* && "${cmd}" == *playwright_chromium*profile* ]]; then
      kill -KILL "${pid}" 2>/dev/null || true
    fi
  done
}

section "ServerKit tests in ${ROOT}"
info "$(date -u '+%Y-%m-%dT%H:%M:%SZ'), $(nproc) cores, CI=${CI:-}"

section "Debian packages"
ensure_packages "${APT_PACKAGES[@]}"

section "Bun ${BUN_VERSION}"
ensure_bun

section "Docker engine"
ensure_dockerd
ensure_test_image
ensure_wordpress_images

section "Dependencies (bun install --frozen-lockfile)"
bun install --frozen-lockfile

section "Build (bun scripts/build.ts)"
if [[ "${SERVERKIT_SKIP_BUILD:-0}" == "1" && -x dist/serverkit ]]; then
  info "SERVERKIT_SKIP_BUILD=1: reusing dist/serverkit"
else
  [[ -f scripts/build.ts ]] || die "scripts/build.ts is missing"
  bun scripts/build.ts
fi
[[ -x dist/serverkit ]] || die "dist/serverkit was not built"
info "dist/serverkit $(du -h dist/serverkit | cut -f1), $(./dist/serverkit version 2>/dev/null | head -n 1 || echo '?')"

section "bun test (timeout ${TEST_TIMEOUT} s, ${PER_TEST_TIMEOUT} ms per test)"
mkdir -p test/artifacts
export SERVERKIT_BIN="${SERVERKIT_BIN:-${ROOT}/dist/serverkit}"
rc=0
# --no-orphans: when bun test ends (or is killed), its descendants go too.
timeout --kill-after=30 "${TEST_TIMEOUT}" \
  bun test --no-orphans --timeout "${PER_TEST_TIMEOUT}" "$@" || rc=$?
reap_strays
if [[ ${rc} -eq 124 || ${rc} -eq 137 ]]; then
  printf '\nbun test did not finish within %s s (exit %s)\n0 passed, 1 failed\n' "${TEST_TIMEOUT}" "${rc}"
  [[ ${rc} -ne 0 ]] || rc=1
fi
exit "${rc}"
