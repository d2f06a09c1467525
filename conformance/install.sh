#!/usr/bin/env bash
# Installs the runtimes conformance/run.mjs drives, on Debian 12 (as root) with npm:
#   Debian: chromium, firefox-esr (browsers, driven headless by puppeteer-core), wabt (wasm2c + wasm-rt), gcc
#   npm:    puppeteer-core (a devDependency: `npm ci` installs it) and the Bun and Deno binaries for
#           linux-x64, which are installed here with --no-save because their os/cpu fields would make
#           `npm ci` fail with EBADPLATFORM on other machines if they were devDependencies.
# Idempotent: skips what is already there. Takes about a minute on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

BUN_VERSION=1.4.5
DENO_VERSION=2.9.6
PUPPETEER_VERSION=24.43.1

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v firefox-esr >/dev/null || need+=(firefox-esr)
command -v wasm2c >/dev/null && [ -f /usr/share/wabt/wasm2c/wasm-rt-impl.c ] || need+=(wabt)
command -v cc >/dev/null || need+=(gcc)
if [ ${#need[@]} -gt 0 ]; then
  echo "== apt-get install ${need[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

pkgs=()
[ -x node_modules/@oven/bun-linux-x64/bin/bun ] || pkgs+=("@oven/bun-linux-x64@$BUN_VERSION")
[ -x node_modules/@deno/linux-x64-glibc/deno ] || pkgs+=("@deno/linux-x64-glibc@$DENO_VERSION")
[ -f node_modules/puppeteer-core/package.json ] || pkgs+=("puppeteer-core@$PUPPETEER_VERSION")
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "== not linux-x64: Bun and Deno binaries skipped (run.mjs reports them as skipped)"
  pkgs=("${pkgs[@]/@oven*/}"); pkgs=("${pkgs[@]/@deno*/}")
fi
pkgs=($(printf '%s\n' "${pkgs[@]}" | grep . || true))
if [ ${#pkgs[@]} -gt 0 ]; then
  echo "== npm install --no-save ${pkgs[*]}"
  npm install --no-save --no-audit --no-fund --ignore-scripts "${pkgs[@]}" >/dev/null
fi
echo "== runtimes: chromium $(chromium --version 2>/dev/null | awk '{print $2}'), firefox-esr $(firefox-esr --version 2>/dev/null | awk '{print $3}'), wasm2c $(wasm2c --version)"
