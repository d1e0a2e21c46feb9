package io.callfarm.farm;

import io.callfarm.engine.media.LinkStats;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a device heard from one remote user in its last call.
 *
 * @param fromUser the remote user whose audio this is
 * @param wav the recording, a WAV file (sample rate and format in its header; virtual devices 48 kHz mono 16-bit,
 *     web clients the page's rate, normally 48 kHz)
 * @param startNanos this JVM's {@link System#nanoTime()} when sample 0 was heard; empty when not known. Exact for
 *     virtual devices; for web clients the page's end-of-stream callback (its clock mapped onto this JVM's, a few
 *     ms) minus the recording's length
 * @param stats the receiver's last standard webrtc-stats of that stream taken while it was received
 *     ({@link LinkStats}: packet counts, seconds, 0..1 shares), empty when none were sampled
 */
public record HeardAudio(String fromUser, Path wav, OptionalLong startNanos, Optional<LinkStats> stats) {}
