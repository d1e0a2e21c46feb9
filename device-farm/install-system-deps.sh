#!/usr/bin/env bash
# Installs the Debian packages CallFarm needs (once; a no-op when present):
#   libpulse0  - webrtc-java's native library links against it
#   chromium, chromium-driver - browser devices: headless Chromium driven by Selenium (DESIGN §4)
#   nodejs, npm - the Appium server (device-farm/install-appium.sh); skipped when node and npm exist
#     already (NodeSource's nodejs bundles npm and conflicts with Debian's npm package)
# Needs root (CI and the dev machines run as root); otherwise prints the command to run.
set -euo pipefail
packages=(libpulse0 chromium chromium-driver)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -ne 0 ]]; then
  echo "callfarm: missing system packages: ${missing[*]}; run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "callfarm: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
