/**
 * Appium devices: the project's pinned Appium server as a child process, device profiles (YAML: UI
 * locators per call action, log patterns per callback) and the {@link io.callfarm.farm.Device} that
 * drives an app through them. Depends on {@code io.appium:java-client}, {@code farm} and
 * {@code engine.call} (events); never on the engine's internals.
 */
package io.callfarm.farm.appium;
