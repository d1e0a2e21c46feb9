package io.callfarm.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** PNG encoding shared by the charts, so each renderer only draws. */
final class Images {

  private Images() {}

  static byte[] png(BufferedImage img) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try {
      if (!ImageIO.write(img, "png", out)) {
        throw new IllegalStateException("no PNG writer in this JDK's ImageIO; run on a full JDK, not a jlink image"
            + " without java.desktop");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode a PNG in memory", e);
    }
    return out.toByteArray();
  }
}
