/**
 * Browser devices: headless Chromium driven by Selenium through chromedriver, running the engine's web
 * call client. Depends on Selenium and {@code engine.call} (for {@code CallEvent}); never on the engine's
 * internals: a browser only talks to the engine over HTTP and WebSocket like any client.
 */
package io.callfarm.farm.browser;
