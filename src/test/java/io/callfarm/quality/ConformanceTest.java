package io.callfarm.quality;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.testng.annotations.Test;

/**
 * The model against ViSQOL's conformance pairs in src/test/resources/quality/visqol-conformance: it must order them as
 * ViSQOL v3 (expected_scores.tsv) and P.862.2 PESQ (README: 4.644, 2.506, 1.428) do, and land near them.
 */
public class ConformanceTest {

  private static final AudioAnalyzer ANALYZER = new AudioAnalyzer();

  @Test
  public void ordersTheConformancePairsLikeVisqolAndPesq() throws IOException {
    Path dir = TestAudio.data("visqol-conformance");
    Map<String, Double> visqol = visqolLattice(dir.resolve("expected_scores.tsv"));
    double identity = mos(dir, "clean_speech__CA01_01.wav", "clean_speech__CA01_01.wav");
    double transcoded = mos(dir, "clean_speech__CA01_01.wav", "clean_speech__transcoded_CA01_01.wav");
    double alignment = mos(dir, "alignment__reference.wav", "alignment__degraded.wav");

    double vIdentity = visqol.get("clean_speech__CA01_01.wav");
    double vTranscoded = visqol.get("clean_speech__transcoded_CA01_01.wav");
    double vAlignment = visqol.get("alignment__degraded.wav");
    assertTrue(vIdentity > vTranscoded && vTranscoded > vAlignment, "published order changed: " + visqol);

    assertTrue(identity >= 4.3, "identity " + identity);
    assertTrue(identity > transcoded && transcoded > alignment,
        "order: identity " + identity + " > transcoded " + transcoded + " > alignment " + alignment);
    // transcoded lies between the P.862.2 (2.506) and ViSQOL (3.313) figures it was calibrated between
    assertTrue(transcoded >= 2.506 - 0.05 && transcoded <= vTranscoded + 0.05, "transcoded " + transcoded);
    // the bad pair is bad: within half a MOS point below both references' 1.19-1.43
    assertTrue(alignment < 1.5, "alignment " + alignment);
    assertEquals(identity, 4.644, 0.01, "identity must hit the P.862.2 ceiling PESQ gives it");
  }

  private static double mos(Path dir, String ref, String deg) {
    return ANALYZER.analyze(Wav.read(dir.resolve(ref)), Wav.read(dir.resolve(deg))).mosLqo();
  }

  /** Degraded file name to ViSQOL's default (lattice) speech-mode MOS-LQO. */
  private static Map<String, Double> visqolLattice(Path tsv) throws IOException {
    Map<String, Double> scores = new HashMap<>();
    for (String line : Files.readAllLines(tsv)) {
      String[] f = line.split("\t");
      if (!line.startsWith("#") && f.length >= 5 && f[3].startsWith("lattice")) {
        scores.put(f[1], Double.parseDouble(f[4]));
      }
    }
    assertEquals(scores.size(), 3, "expected three lattice rows in " + tsv);
    return scores;
  }
}
