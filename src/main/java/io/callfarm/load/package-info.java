/**
 * Load runs (DESIGN §6): thousands of virtual users ({@code engine.call} components on one shared
 * runtime) against an engine in its own process (a child, or one already running), paced call setups
 * with outcome accounting, latency histograms, per-second samples, a cross-check against the engine's
 * call records through its admin API, and the report (JSON, CSV, PNG charts); the same on JMeter's
 * distributed engine ({@link io.callfarm.load.DistributedRun}, with {@link io.callfarm.load.UserShard}
 * hosted by the jmeter-plugin module's samplers). Depends on {@code engine} and its packages; the CLI
 * and the JMeter plugin depend on it; JMeter itself is never on its classpath.
 */
package io.callfarm.load;
