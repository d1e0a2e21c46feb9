/**
 * Load runs (DESIGN §6): thousands of virtual users ({@code engine.call} components on one shared
 * runtime) against the embedded engine, paced call setups with outcome accounting, latency
 * histograms, per-second samples, a cross-check against the engine's call records, and the report
 * (JSON, CSV, PNG charts). Depends on {@code engine} and its packages; the CLI depends on it.
 */
package io.callfarm.load;
