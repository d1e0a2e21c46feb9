package io.callfarm.engine.media;

import java.io.ByteArrayOutputStream;

/**
 * A microphone that remembers what it sent and when it started, so a receiver's recording can be
 * compared with the true "mouth" signal on one time base (mouth-to-ear delay, MOS). Frames are read by
 * the engine clock thread only; the getters are thread-safe snapshots.
 */
public final class TappedMic implements MicSource {
  private final MicSource source;
  private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
  private volatile long firstFrameNanos = -1;

  public TappedMic(MicSource source) {
    this.source = source;
  }

  @Override
  public void nextFrame(short[] frame) {
    if (firstFrameNanos < 0) {
      firstFrameNanos = System.nanoTime();
    }
    source.nextFrame(frame);
    synchronized (sent) {
      for (short s : frame) {
        sent.write(s & 0xff);
        sent.write((s >> 8) & 0xff);
      }
    }
  }

  /** {@link System#nanoTime()} when the first frame was taken, or -1 before. */
  public long firstFrameNanos() {
    return firstFrameNanos;
  }

  /** Everything sent so far, {@value MicSource#SAMPLE_RATE} Hz mono, as floats in [-1, 1]. */
  public float[] sentSamples() {
    byte[] bytes;
    synchronized (sent) {
      bytes = sent.toByteArray();
    }
    float[] out = new float[bytes.length / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8)) / 32768f;
    }
    return out;
  }
}
