package io.callfarm.load;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.util.Random;
import org.HdrHistogram.Histogram;
import org.testng.annotations.Test;

/** Histograms as they travel in samples: encoding is lossless and merging shards is exact. */
public class HistogramsTest {
  private static final long MAX = 600_000_000L;

  @Test
  public void mergedShardsGiveExactlyThePercentilesOfOneHistogram() {
    Random random = new Random(5);
    Histogram all = new Histogram(MAX, 3);
    Histogram first = new Histogram(MAX, 3);
    Histogram second = new Histogram(MAX, 3);
    for (int i = 0; i < 20_000; i++) {
      long micros = (long) Math.abs(random.nextGaussian() * 4000) + 100 + (i % 97 == 0 ? 90_000 : 0);
      all.recordValue(micros);
      (i % 3 == 0 ? first : second).recordValue(micros);
    }
    Histograms a = new Histograms();
    a.add("invite_to_invited", first);
    Histograms b = new Histograms();
    b.add("invite_to_invited", second);
    Histograms merged = new Histograms();
    merged.addAll(Histograms.decode(a.encode()));
    merged.addAll(Histograms.decode(b.encode()));
    assertEquals(merged.percentiles("invite_to_invited"), Percentiles.of(all));
    // one shard alone is not the whole
    assertNotEquals(Histograms.decode(a.encode()).percentiles("invite_to_invited"),
        Percentiles.of(all));
  }

  @Test
  public void encodingHasNoCharactersThatBreakACsvField() {
    Histograms h = new Histograms();
    Histogram one = new Histogram(MAX, 3);
    one.recordValue(1234);
    h.add("call_setup", one);
    h.add("login", one);
    String text = h.encode();
    assertTrue(text.matches("[A-Za-z_]+:[A-Za-z0-9_-]+\\|[A-Za-z_]+:[A-Za-z0-9_-]+"), text);
  }

  @Test
  public void emptyHistogramsAreLeftOutAndAMissingMetricIsZero() {
    Histograms h = new Histograms();
    h.add("login", new Histogram(MAX, 3));
    assertTrue(h.isEmpty());
    assertEquals(h.encode(), "");
    assertEquals(Histograms.decode("").percentiles("login").count(), 0);
  }

  @Test
  public void garbageIsRefusedWithTheMetricsName() {
    IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
        () -> Histograms.decode("invite_to_invited:AAAA"));
    assertTrue(e.getMessage().contains("invite_to_invited"), e.getMessage());
    expectThrows(IllegalArgumentException.class, () -> Histograms.decode("no-colon"));
  }
}
