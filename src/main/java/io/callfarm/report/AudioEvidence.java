package io.callfarm.report;

import io.callfarm.quality.PcmAudio;
import io.callfarm.quality.QualityReport;
import io.callfarm.quality.Wav;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Makes every analysed recording re-scorable by anyone: beside {@code NAME.wav} it saves {@code ref-NAME.wav},
 * the reference exactly as it was placed on the recording's time base (same sample rate and length, 16-bit mono),
 * and {@code NAME.analysis.json}, what the analyser reported. An external tool (PESQ, ViSQOL, POLQA) given the
 * two WAV files scores the same pair the suite did.
 */
public final class AudioEvidence {

  private AudioEvidence() {}

  /** Where the evidence of one recording went. */
  public record Saved(Path reference, Path analysis) {}

  /**
   * Writes the evidence of {@code recording}.
   *
   * @param reference what the recording was compared with; must have the recording's sample rate and length
   * @throws IllegalArgumentException if {@code reference} does not match the recording's rate and length
   * @throws UncheckedIOException     if a file cannot be written
   */
  public static Saved save(Path recording, PcmAudio reference, QualityReport report) {
    PcmAudio heard = Wav.read(recording);
    if (heard.sampleRate() != reference.sampleRate() || heard.length() != reference.length()) {
      throw new IllegalArgumentException("the reference of " + recording + " must have its rate and length ("
          + heard.sampleRate() + " Hz, " + heard.length() + " samples), got " + reference.sampleRate() + " Hz, "
          + reference.length() + " samples");
    }
    String name = recording.getFileName().toString();
    String stem = name.endsWith(".wav") ? name.substring(0, name.length() - 4) : name;
    Path referenceFile = recording.resolveSibling("ref-" + stem + ".wav");
    Path analysisFile = recording.resolveSibling(stem + ".analysis.json");
    Wav.write(referenceFile, reference);
    try {
      ReportJson.PRETTY.writeValue(analysisFile.toFile(), report);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + analysisFile + ": " + e.getMessage(), e);
    }
    return new Saved(referenceFile, analysisFile);
  }
}
