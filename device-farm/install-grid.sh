#!/usr/bin/env bash
# Copies Selenium Grid 4.48.0 and its dependencies into target/grid/ (its own classpath: the Grid's
# Selenium differs from the client's, DESIGN §7), once; a no-op when the jar is there. Needs Maven and
# the Maven repository once. io.callfarm.farm.grid.SeleniumGrid runs them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ -f "$root/target/grid/selenium-grid-4.48.0.jar" ]] && exit 0
echo "callfarm: copying Selenium Grid jars into target/grid/" >&2
mvn -B -ntp -q -f "$root/device-farm/grid/pom.xml" package >&2
