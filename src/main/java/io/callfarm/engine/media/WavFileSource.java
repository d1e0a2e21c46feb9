package io.callfarm.engine.media;

import java.util.Arrays;

/** Plays decoded 48 kHz mono samples once (then silence) or in a loop. */
final class WavFileSource implements MicSource {

  private final short[] samples;
  private final boolean loop;
  private int position;

  WavFileSource(short[] samples, boolean loop) {
    this.samples = samples;
    this.loop = loop;
  }

  @Override
  public void nextFrame(short[] frame) {
    int filled = 0;
    while (filled < frame.length && samples.length > 0) {
      if (position == samples.length) {
        if (!loop) {
          break;
        }
        position = 0;
      }
      int n = Math.min(frame.length - filled, samples.length - position);
      System.arraycopy(samples, position, frame, filled, n);
      position += n;
      filled += n;
    }
    Arrays.fill(frame, filled, frame.length, (short) 0);
  }
}
