/**
 * Benchmarks: main classes that print figures (run with {@code bench/run NAME}). They assert nothing
 * and are no part of the test tiers. May depend on every main package.
 */
package io.callfarm.bench;
