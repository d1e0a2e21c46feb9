package io.callfarm.engine.media;

/** A sine tone at a fixed frequency and RMS level; phase-continuous across frames. */
final class ToneSource implements MicSource {

  private final double phaseStep;
  private final double amplitude;
  private double phase;

  ToneSource(double frequencyHz, double levelDbov) {
    if (!(frequencyHz > 0 && frequencyHz < SAMPLE_RATE / 2.0)) {
      throw new IllegalArgumentException("tone frequency must be in (0, 24000) Hz, was " + frequencyHz);
    }
    this.phaseStep = 2 * Math.PI * frequencyHz / SAMPLE_RATE;
    this.amplitude = Math.min(32767.0, Levels.rmsOf(levelDbov) * Math.sqrt(2));
  }

  @Override
  public void nextFrame(short[] frame) {
    for (int i = 0; i < frame.length; i++) {
      frame[i] = (short) Math.round(amplitude * Math.sin(phase));
      phase += phaseStep;
    }
    phase %= 2 * Math.PI;
  }
}
