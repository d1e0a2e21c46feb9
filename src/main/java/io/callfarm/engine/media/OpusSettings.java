package io.callfarm.engine.media;

/**
 * What every device asks the senders of its incoming audio for, as Opus format parameters of its SDP answer
 * (RFC 7587: the receiver states them; libwebrtc's Opus encoder honours {@code ptime}, {@code maxaveragebitrate},
 * {@code usedtx}, {@code stereo}, {@code maxplaybackrate}, {@code cbr} and {@code useinbandfec}, not the
 * complexity, which stays at its desktop default of 9). The defaults are libwebrtc's own: 20 ms packets, 32 kbit/s,
 * no DTX, so a farm sounds like the clients it stands in for; other values trade fidelity to them for capacity
 * (see the README's media figures).
 *
 * @param ptimeMs               packet duration, ms: 10, 20, 40 or 60
 * @param maxAverageBitrateBps  the encoder's target, bit/s: 6,000..510,000
 * @param dtx                   discontinuous transmission: in silence a packet every 400 ms instead of every ptime
 */
public record OpusSettings(int ptimeMs, int maxAverageBitrateBps, boolean dtx) {

  /** libwebrtc's defaults. */
  public static final OpusSettings DEFAULTS = new OpusSettings(20, 32_000, false);

  /** @throws IllegalArgumentException naming the bad field and its range */
  public OpusSettings {
    if (ptimeMs != 10 && ptimeMs != 20 && ptimeMs != 40 && ptimeMs != 60) {
      throw new IllegalArgumentException("Opus ptime must be 10, 20, 40 or 60 ms, got " + ptimeMs);
    }
    if (maxAverageBitrateBps < 6_000 || maxAverageBitrateBps > 510_000) {
      throw new IllegalArgumentException("Opus maxaveragebitrate must be 6000..510000 bit/s, got "
          + maxAverageBitrateBps);
    }
  }

  public OpusSettings withPtimeMs(int ms) {
    return new OpusSettings(ms, maxAverageBitrateBps, dtx);
  }

  public OpusSettings withMaxAverageBitrateBps(int bps) {
    return new OpusSettings(ptimeMs, bps, dtx);
  }

  public OpusSettings withDtx(boolean on) {
    return new OpusSettings(ptimeMs, maxAverageBitrateBps, on);
  }

  /**
   * {@code sdp} with these parameters set on its Opus format line ({@code a=fmtp:<pt> ...}; added when the line is
   * missing), other parameters kept; unchanged when it has no Opus codec or these are the {@link #DEFAULTS} (the
   * SDP then stays exactly as libwebrtc wrote it).
   */
  String applyTo(String sdp) {
    String payloadType = equals(DEFAULTS) ? null : opusPayloadType(sdp);
    if (payloadType == null) {
      return sdp;
    }
    String eol = sdp.contains("\r\n") ? "\r\n" : "\n";
    String[] lines = sdp.split("\r?\n", -1);
    String fmtpPrefix = "a=fmtp:" + payloadType + " ";
    boolean hasFmtp = java.util.Arrays.stream(lines).anyMatch(l -> l.startsWith(fmtpPrefix));
    StringBuilder out = new StringBuilder(sdp.length() + 64);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith(fmtpPrefix)) {
        line = fmtpPrefix + merge(line.substring(fmtpPrefix.length()));
      }
      out.append(line);
      if (!hasFmtp && line.startsWith("a=rtpmap:" + payloadType + " ")) {
        out.append(eol).append(fmtpPrefix).append(merge(""));
      }
      if (i < lines.length - 1) {
        out.append(eol);
      }
    }
    return out.toString();
  }

  private String merge(String parameters) {
    java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
    for (String p : parameters.split(";")) {
      int eq = p.indexOf('=');
      if (eq > 0) {
        map.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
      }
    }
    map.put("ptime", Integer.toString(ptimeMs));
    map.put("maxaveragebitrate", Integer.toString(maxAverageBitrateBps));
    map.put("usedtx", dtx ? "1" : "0");
    StringBuilder s = new StringBuilder();
    map.forEach((k, v) -> s.append(s.length() == 0 ? "" : ";").append(k).append('=').append(v));
    return s.toString();
  }

  private static String opusPayloadType(String sdp) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^a=rtpmap:(\\d+) opus/48000").matcher(sdp);
    return m.find() ? m.group(1) : null;
  }
}
