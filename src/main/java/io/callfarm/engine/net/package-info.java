/**
 * Link emulator: a netem-like UDP relay that impairs a media path per direction (delay, jitter, random and
 * Gilbert-Elliott loss, reorder, duplicate, corrupt, rate limit), seeded so runs are repeatable.
 * Depends on the JDK only; nothing else in the project.
 */
package io.callfarm.engine.net;
