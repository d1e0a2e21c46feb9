/**
 * Benchmarks: plain {@code main} programs that print figures (not tests; no assertions). May depend on any
 * project package.
 */
package io.callfarm.bench;
