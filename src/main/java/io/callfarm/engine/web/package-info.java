/**
 * The HTTP side of the engine: the web call client's static files and its small JSON API (users,
 * call history, local test UserSigs). Depends on {@code engine.auth} and {@code engine.store}.
 */
package io.callfarm.engine.web;
