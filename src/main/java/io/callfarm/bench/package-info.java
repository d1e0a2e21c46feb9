/**
 * Benchmarks behind {@code callfarm bench}: they measure and print figures (text or JSON) and assert nothing;
 * the test tiers check correctness, these say how fast and how clean. May depend on every product package.
 */
package io.callfarm.bench;
