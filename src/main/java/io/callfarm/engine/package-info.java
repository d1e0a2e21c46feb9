/**
 * The embedded audio-call engine: {@link io.callfarm.engine.Engine} wires the database, the
 * signalling server and its apps. Sub-packages hold auth, signalling, storage and the call client.
 */
package io.callfarm.engine;
