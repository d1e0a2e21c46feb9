/**
 * Benchmarks that print figures (real-time factors, throughput); plain {@code main} programs, never tests.
 * May depend on any main package and on the shared data beside the project root.
 */
package io.callfarm.bench;
