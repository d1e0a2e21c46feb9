/**
 * The signalling server and its wire protocol: JSON frames over WebSocket carrying login, IM custom
 * messages (C2C and group), presence, heartbeats, media-room membership and media negotiation.
 * Depends on {@code engine.auth} and {@code engine.store}; Jetty 12 carries the WebSocket.
 */
package io.callfarm.engine.signal;
