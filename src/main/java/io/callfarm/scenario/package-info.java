/**
 * Scripted calls: scenario files (YAML under {@code suites/scenarios/}), their parser with
 * line-numbered errors, and the runner that drives leased devices step by step and checks callbacks,
 * their order and timing, absences and audio quality. Depends on {@code farm}, {@code engine} and
 * {@code quality}.
 */
package io.callfarm.scenario;
