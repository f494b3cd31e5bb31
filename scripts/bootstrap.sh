#!/usr/bin/env bash
# Installs the Debian packages fukurou needs to build, test and benchmark, and nothing
# else. Used by both `make run` and `make test`; safe to run again (it only installs
# what is missing). Needs root (or sudo) the first time on a fresh machine.
set -euo pipefail

arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
# Hyperscan is x86-only in Debian; vectorscan is its portable fork with the same API.
if [ "$arch" = amd64 ]; then hs=libhyperscan-dev; else hs=libvectorscan-dev; fi

packages=(
  build-essential meson ninja-build pkg-config clang libclang-rt-14-dev
  libjansson-dev libyajl-dev libyaml-dev "$hs" libpcre2-dev zlib1g-dev libdeflate-dev libsystemd-dev systemd-journal-remote libcsv-dev
  libcriterion-dev libsqlite3-dev libssl-dev libargon2-dev libicu-dev libmicrohttpd-dev
  ripgrep gawk time gzip curl python3 python3-jsonschema libcurl4-openssl-dev openssl python3-yaml
  libmodsecurity-dev modsecurity-crs
  libevtx-dev libbfio-dev libevtx-utils libxml2-dev
  libpq-dev postgresql libnats-dev nats-server
  rsyslog rsyslog-gnutls python3-aiosmtpd
  chromium fonts-ipafont-gothic
)
# The console's browser tests run puppeteer-core (tests/browser, pinned by its lockfile)
# under Node.js: Debian's nodejs and npm, unless a Node.js is already there (one from
# elsewhere brings its own npm, which Debian's npm package would conflict with).
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "bootstrap: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
