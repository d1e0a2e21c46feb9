package io.callfarm.quality;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.testng.annotations.Test;

/**
 * The analyser against ground truth on real calls: the 30 recordings of {@code realcalls/} (CallFarm's own
 * WebRTC media path, 3 talkers × 10 network conditions, recordings longer than their references) scored by the
 * ITU-T P.862.2 (PESQ-WB) reference. Every pair must be scored, with Pearson correlation ≥ 0.92 and mean absolute
 * error ≤ 0.3 against PESQ, and each talker's ten pairs on their own (a talker held out of the set) must agree too.
 */
public class RealCallAgreementTest {

  private static final AudioAnalyzer ANALYZER = new AudioAnalyzer();

  /** One scored pair. */
  private record Scored(String degraded, String condition, String talker, double pesq, double ours) {
  }

  @Test
  public void agreesWithPesqOnEveryRealRecording() throws IOException {
    List<Scored> all = score();
    assertEquals(all.size(), 30, "every pair of pairs.tsv must be scored");
    String table = table(all);
    double r = pearson(all);
    double mae = meanAbsoluteError(all);
    System.out.println(table + String.format(Locale.ROOT, "all: Pearson %.3f, MAE %.3f%n", r, mae));
    assertTrue(r >= 0.92, "Pearson " + r + " < 0.92\n" + table);
    assertTrue(mae <= 0.3, "MAE " + mae + " > 0.3\n" + table);
    for (String talker : List.of("r0", "r1", "r2")) {
      List<Scored> one = all.stream().filter(s -> s.talker().equals(talker)).toList();
      assertTrue(pearson(one) >= 0.85 && meanAbsoluteError(one) <= 0.35,
          "talker " + talker + ": Pearson " + pearson(one) + ", MAE " + meanAbsoluteError(one) + "\n" + table);
    }
  }

  @Test
  public void ordersTheConditionsLikePesq() throws IOException {
    Map<String, Double> ours = new TreeMap<>();
    Map<String, Double> pesq = new TreeMap<>();
    for (Scored s : score()) {
      ours.merge(s.condition(), s.ours() / 3, Double::sum);
      pesq.merge(s.condition(), s.pesq() / 3, Double::sum);
    }
    // the clearly separated ends of the scale keep their order: the best and the worst conditions
    assertTrue(ours.get("jitter40") > ours.get("lossy10") + 1 && ours.get("lossy10") > ours.get("loss20"),
        "ours " + ours + " vs PESQ " + pesq);
    assertTrue(pesq.get("jitter40") > pesq.get("lossy10") + 1 && pesq.get("lossy10") > pesq.get("loss20"),
        "the calibration set changed: " + pesq);
  }

  private static List<Scored> score() throws IOException {
    Path dir = TestAudio.data("realcalls");
    List<String> rows = Files.readAllLines(dir.resolve("pairs.tsv"));
    List<Scored> out = new ArrayList<>();
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split("\t");
      QualityReport report = ANALYZER.analyze(Wav.read(dir.resolve(f[0])), Wav.read(dir.resolve(f[1])));
      String talker = f[1].replaceAll("deg_c\\d\\d_(r\\d)_.*", "$1");
      out.add(new Scored(f[1], f[2], talker, Double.parseDouble(f[4]), report.mosLqo()));
    }
    return out;
  }

  private static String table(List<Scored> all) {
    StringBuilder b = new StringBuilder("condition   ours/PESQ per talker\n");
    Map<String, List<Scored>> byCondition = new TreeMap<>();
    all.forEach(s -> byCondition.computeIfAbsent(s.condition(), k -> new ArrayList<>()).add(s));
    byCondition.forEach((condition, pairs) -> {
      b.append(String.format(Locale.ROOT, "%-10s", condition));
      pairs.forEach(p -> b.append(String.format(Locale.ROOT, "  %.2f/%.2f", p.ours(), p.pesq())));
      b.append(String.format(Locale.ROOT, "   MAE %.2f%n", meanAbsoluteError(pairs)));
    });
    return b.toString();
  }

  private static double pearson(List<Scored> s) {
    double mx = s.stream().mapToDouble(Scored::ours).average().orElse(0);
    double my = s.stream().mapToDouble(Scored::pesq).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (Scored p : s) {
      sxy += (p.ours() - mx) * (p.pesq() - my);
      sxx += (p.ours() - mx) * (p.ours() - mx);
      syy += (p.pesq() - my) * (p.pesq() - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  private static double meanAbsoluteError(List<Scored> s) {
    return s.stream().mapToDouble(p -> Math.abs(p.ours() - p.pesq())).average().orElse(Double.NaN);
  }
}
