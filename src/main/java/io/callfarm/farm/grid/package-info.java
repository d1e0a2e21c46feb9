/**
 * Selenium Grid 4 as a child process on its own classpath ({@code target/grid/}), routing browser (and,
 * through a relay, Appium) sessions across hosts. Depends only on {@code farm} (process handling); the
 * Grid's own jars are never on CallFarm's classpath.
 */
package io.callfarm.farm.grid;
