/**
 * Device hosts: child JVMs that run the farm's virtual devices with native media (webrtc-java), so a native
 * crash takes one host down instead of the orchestrator, its TestNG run and every result. The orchestrator drives
 * each hosted device through the same {@link io.callfarm.farm.Device} contract over a small JSON-lines protocol
 * on a loopback socket ({@link io.callfarm.farm.host.HostWire}). Depends on the farm and engine packages.
 */
package io.callfarm.farm.host;
