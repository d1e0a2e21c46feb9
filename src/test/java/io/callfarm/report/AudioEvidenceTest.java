package io.callfarm.report;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.expectThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callfarm.engine.media.SpeechClips;
import io.callfarm.quality.AudioAnalyzer;
import io.callfarm.quality.PcmAudio;
import io.callfarm.quality.QualityReport;
import io.callfarm.quality.Resampler;
import io.callfarm.quality.Wav;
import io.callfarm.scratch.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.Test;

/** The evidence saved beside a recording lets anyone score the same pair again and get the same figures. */
public class AudioEvidenceTest {

  @Test
  public void theSavedPairScoresExactlyWhatTheRunReported() throws Exception {
    Path dir = Scratch.folder("callfarm-evidence-");
    PcmAudio speech = Resampler.resample(Wav.read(SpeechClips.file("cmu_arctic_us_aew_a0001")), 48_000);
    // a recording that starts 0.5 s before the speech and hears it 60 ms late, 6 dB quieter
    float[] heard = new float[speech.length() + 48_000];
    for (int i = 0; i < speech.length(); i++) {
      heard[i + 24_000 + 2_880] = speech.samples()[i] * 0.5f;
    }
    Path recording = dir.resolve("bob-from-alice.wav");
    Wav.write(recording, new PcmAudio(48_000, heard));
    PcmAudio placed = new PcmAudio(48_000, new float[heard.length]);
    System.arraycopy(speech.samples(), 0, placed.samples(), 24_000, speech.length());
    QualityReport report = new AudioAnalyzer().analyze(placed, Wav.read(recording));

    AudioEvidence.Saved saved = AudioEvidence.save(recording, placed, report);

    assertEquals(saved.reference(), dir.resolve("ref-bob-from-alice.wav"));
    assertEquals(saved.analysis(), dir.resolve("bob-from-alice.analysis.json"));
    PcmAudio reference = Wav.read(saved.reference());
    assertEquals(reference.sampleRate(), 48_000);
    assertEquals(reference.length(), heard.length);
    QualityReport again = new AudioAnalyzer().analyze(reference, Wav.read(recording));
    assertEquals(again.mosLqo(), report.mosLqo(), 0.01, "re-scoring the saved pair");
    assertEquals(again.delayMs(), 60, 0.5);
    JsonNode json = new ObjectMapper().readTree(saved.analysis().toFile());
    assertEquals(json.path("mosLqo").asDouble(), report.mosLqo(), 1e-9);
    assertEquals(json.path("delayMs").asDouble(), report.delayMs(), 1e-9);
  }

  @Test
  public void refusesAReferenceThatIsNotOnTheRecordingsTimeBase() throws Exception {
    Path dir = Scratch.folder("callfarm-evidence-");
    Path recording = dir.resolve("r.wav");
    Wav.write(recording, new PcmAudio(48_000, new float[48_000]));
    PcmAudio shorter = new PcmAudio(48_000, new float[47_000]);
    PcmAudio otherRate = new PcmAudio(16_000, new float[16_000]);
    QualityReport any = null;
    expectThrows(IllegalArgumentException.class, () -> AudioEvidence.save(recording, shorter, any));
    expectThrows(IllegalArgumentException.class, () -> AudioEvidence.save(recording, otherRate, any));
    assertEquals(Files.list(dir).count(), 1L, "nothing written beside the recording");
  }
}
