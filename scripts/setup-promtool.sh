#!/usr/bin/env bash
# Install promtool, the Prometheus tool that lints a metrics exposition
# (`promtool check metrics`), from the distribution's `prometheus` package.
# The metrics test runs promtool on the running app's /metrics and is skipped
# when promtool is missing.
#
# Idempotent: exits at once when promtool is already on PATH. Otherwise it
# needs root, because it runs apt-get. The package also ships the Prometheus
# server and a service unit. Containers without an init system never start
# that service, and on a full system `systemctl disable --now prometheus`
# stops it.
#
# Usage: sudo scripts/setup-promtool.sh
set -euo pipefail

log() { printf 'setup-promtool: %s\n' "$*" >&2; }

if command -v promtool >/dev/null; then
  log "promtool is already installed: $(promtool --version 2>&1 | head -n 1)"
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  log "error: promtool is missing and installing it needs root; run: sudo $0"
  exit 1
fi

command -v apt-get >/dev/null || {
  log "error: apt-get not found; install promtool from https://prometheus.io/download/ and put it on PATH"
  exit 1
}

log "installing the prometheus package for promtool"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends prometheus >/dev/null

command -v promtool >/dev/null || {
  log "error: the prometheus package installed no promtool on PATH"
  exit 1
}
log "installed $(promtool --version 2>&1 | head -n 1)"
