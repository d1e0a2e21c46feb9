/**
 * The audio-call component (TRTCAudioCall's API and delegate) as a client of the signalling server:
 * the v4 call protocol, the call state machine with its timers, and the WebSocket channel.
 * Depends on {@code engine.signal} (frame format) and {@code engine.auth} (user id rule).
 */
package io.callfarm.engine.call;
