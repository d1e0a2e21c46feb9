package io.callfarm.engine.media;

/**
 * A sine tone at a fixed frequency and RMS level; phase-continuous across frames. The samples come from a rotating
 * phasor (one complex multiplication per sample, renormalised every frame) rather than {@link Math#sin} per sample:
 * hundreds of microphones share one clock thread, and the recursion is some ten times cheaper with an error far
 * below 16-bit resolution.
 */
final class ToneSource implements MicSource {

  private final double stepCos;
  private final double stepSin;
  private final double amplitude;
  private double re = 1;
  private double im = 0;

  ToneSource(double frequencyHz, double levelDbov) {
    if (!(frequencyHz > 0 && frequencyHz < SAMPLE_RATE / 2.0)) {
      throw new IllegalArgumentException("tone frequency must be in (0, 24000) Hz, was " + frequencyHz);
    }
    double step = 2 * Math.PI * frequencyHz / SAMPLE_RATE;
    this.stepCos = Math.cos(step);
    this.stepSin = Math.sin(step);
    this.amplitude = Math.min(32767.0, Levels.rmsOf(levelDbov) * Math.sqrt(2));
  }

  @Override
  public void nextFrame(short[] frame) {
    for (int i = 0; i < frame.length; i++) {
      frame[i] = (short) Math.round(amplitude * im);
      double nextRe = re * stepCos - im * stepSin;
      im = re * stepSin + im * stepCos;
      re = nextRe;
    }
    double norm = 1 / Math.sqrt(re * re + im * im);
    re *= norm;
    im *= norm;
  }
}
