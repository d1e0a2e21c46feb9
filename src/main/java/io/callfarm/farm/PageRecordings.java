package io.callfarm.farm;

import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.media.LinkStats;
import io.callfarm.quality.PcmAudio;
import io.callfarm.quality.Wav;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a web client's page recorded, as a {@link HeardAudio}: the page keeps the audio of each remote's last
 * stream and ends it when the remote left, so the recording's end is the page's {@code onUserLeave}/{@code onCallEnd}
 * for that stream (its clock mapped onto this JVM's), which places it on this JVM's time base to a few ms. Shared by
 * browser devices and Appium devices that run the web client.
 */
public final class PageRecordings {
  private PageRecordings() {}

  /**
   * When the stream from {@code remote} in the last call ended: the first {@code onUserLeave(remote)} or
   * {@code onCallEnd} after the last {@code onUserEnter(remote)} (after the start when it never entered); empty when
   * the device has not seen it end yet.
   */
  public static OptionalLong streamEndNanos(List<CallEvent> events, String remote) {
    String entered = "onUserEnter(" + remote + ")";
    String left = "onUserLeave(" + remote + ")";
    int from = 0;
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).signature().equals(entered)) {
        from = i + 1;
        break;
      }
    }
    for (int i = from; i < events.size(); i++) {
      CallEvent e = events.get(i);
      if (e.signature().equals(left) || e.name().equals("onCallEnd")) {
        return OptionalLong.of(e.atNanos());
      }
    }
    return OptionalLong.empty();
  }

  /**
   * Keeps the page's WAV bytes in {@code saveAs} and describes them.
   *
   * @param events the device's callbacks so far, to place the recording (see {@link #streamEndNanos})
   * @throws FarmException when the page recorded nothing from {@code remote}
   */
  public static HeardAudio heard(String device, byte[] wav, Path saveAs, String remote, List<CallEvent> events,
      Optional<LinkStats> stats) {
    PcmAudio audio = wav.length <= 44 ? null : Wav.decode(wav, saveAs.toString());
    if (audio == null || audio.length() == 0) {
      throw new FarmException(device + " recorded nothing from " + remote + " (its page has no audio of that user)");
    }
    try {
      Files.createDirectories(saveAs.toAbsolutePath().getParent());
      Files.write(saveAs, wav);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep " + device + "'s recording in " + saveAs, e);
    }
    OptionalLong end = streamEndNanos(events, remote);
    long lengthNanos = audio.length() * 1_000_000_000L / audio.sampleRate();
    return new HeardAudio(remote, saveAs, end.isPresent() ? OptionalLong.of(end.getAsLong() - lengthNanos)
        : OptionalLong.empty(), stats);
  }
}
