package io.callfarm.load;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Latency histograms by metric name (microseconds, as {@link Latency} records them), as they travel
 * inside JMeter samples: HdrHistogram's compressed encoding in base64url, so a controller adding the
 * workers' histograms gets exactly the percentiles one process recording every value would. Not
 * thread-safe.
 */
public final class Histograms {
  private final Map<String, Histogram> byName = new LinkedHashMap<>();

  /** Adds {@code h} to the metric's histogram. */
  public void add(String metric, Histogram h) {
    byName.computeIfAbsent(metric, k -> new Histogram(h.getHighestTrackableValue(), 3)).add(h);
  }

  /** Adds every histogram of {@code other}. */
  public void addAll(Histograms other) {
    other.byName.forEach(this::add);
  }

  public boolean isEmpty() {
    return byName.values().stream().allMatch(h -> h.getTotalCount() == 0);
  }

  /** The metric's percentiles; all zero when nothing was recorded. */
  public Percentiles percentiles(String metric) {
    Histogram h = byName.get(metric);
    return h == null ? Percentiles.of(new Histogram(1000, 3)) : Percentiles.of(h);
  }

  /** {@code name:BASE64|name:BASE64}, no spaces, commas or quotes. */
  public String encode() {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Histogram> e : byName.entrySet()) {
      if (e.getValue().getTotalCount() == 0) {
        continue;
      }
      ByteBuffer buffer = ByteBuffer.allocate(e.getValue().getNeededByteBufferCapacity());
      int length = e.getValue().encodeIntoCompressedByteBuffer(buffer, 9);
      byte[] bytes = new byte[length];
      buffer.flip();
      buffer.get(bytes);
      if (out.length() > 0) {
        out.append('|');
      }
      out.append(e.getKey()).append(':')
          .append(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }
    return out.toString();
  }

  /**
   * Parses {@link #encode()}'s form.
   *
   * @throws IllegalArgumentException naming the part that is not a histogram
   */
  public static Histograms decode(String text) {
    Histograms out = new Histograms();
    if (text == null || text.isEmpty()) {
      return out;
    }
    for (String part : text.split("\\|")) {
      int colon = part.indexOf(':');
      if (colon < 1) {
        throw new IllegalArgumentException("not a histogram 'name:base64': " + part);
      }
      try {
        byte[] bytes = Base64.getUrlDecoder().decode(part.substring(colon + 1));
        out.add(part.substring(0, colon),
            Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0));
      } catch (DataFormatException | RuntimeException e) {
        throw new IllegalArgumentException("histogram '" + part.substring(0, colon)
            + "' does not decode: " + e, e);
      }
    }
    return out;
  }
}
