#!/usr/bin/env bash
# Installs the pinned Appium server and its Chromium automation driver (DESIGN §7), once; a no-op when
# both are in place:
#   device-farm/node_modules  appium 3.8.0 + appium-chromium-driver 3.1.1, from package-lock.json (npm ci)
#   device-farm/.appium       APPIUM_HOME: the driver is installed from the lock's copy (--source=local),
#                             so CI never resolves a newer one
# Needs node and npm (Debian: apt-get install -y nodejs npm) and the npm registry once.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "callfarm: $tool is missing; run: apt-get install -y nodejs npm" >&2; exit 1; }
done
# npm ci when node_modules is missing or older than the lock
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "callfarm: installing Appium (npm ci in device-farm/)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
export APPIUM_HOME="$here/.appium"
if [[ ! -e "$APPIUM_HOME/node_modules/appium-chromium-driver/package.json" ]]; then
  echo "callfarm: installing Appium's chromium driver into $APPIUM_HOME" >&2
  node node_modules/.bin/appium driver install --source=local "$here/node_modules/appium-chromium-driver" >&2
fi
