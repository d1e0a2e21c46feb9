package io.callfarm.farm;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * What a device's microphone sent in its last call: the reference an audio check compares a recording with.
 *
 * @param wav a WAV file of what was sent (format and rate in its header): a virtual device's tapped microphone
 *     (48 kHz mono 16-bit, exactly the samples it sent, complete once the call ended), or the file a browser's or
 *     Appium device's fake microphone plays in a loop
 * @param firstSampleNanos this JVM's {@link System#nanoTime()} when the file's first sample was sent; empty when
 *     that timing is not known, which means the device loops the file from a phase nobody observes (so a check can
 *     only align the loop to the recording: quality figures, no mouth-to-ear delay)
 * @param samplesPerSecond the pace the samples really went out at, in samples per second of
 *     {@link System#nanoTime()} (a virtual microphone follows the receivers' playout clock, about 0.3 % slow
 *     here); the file's nominal rate when the timing is not known
 */
public record SentAudio(Path wav, OptionalLong firstSampleNanos, double samplesPerSecond) {
  public SentAudio {
    if (!(samplesPerSecond > 0)) {
      throw new IllegalArgumentException("samplesPerSecond must be positive, got " + samplesPerSecond);
    }
  }

  /** A file played in a loop from an unknown phase. */
  public static SentAudio looped(Path wav, double nominalRate) {
    return new SentAudio(wav, OptionalLong.empty(), nominalRate);
  }

  /** Whether {@link #firstSampleNanos()} places the samples on this JVM's clock. */
  public boolean timingKnown() {
    return firstSampleNanos.isPresent();
  }
}
