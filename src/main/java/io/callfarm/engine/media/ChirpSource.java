package io.callfarm.engine.media;

/** A linear frequency sweep at a fixed RMS level, repeated; phase-continuous within and across sweeps. */
final class ChirpSource implements MicSource {

  private final double startHz;
  private final double slopeHzPerSample;
  private final long sweepSamples;
  private final double amplitude;
  private long position;
  private double phase;

  ChirpSource(double startHz, double endHz, double sweepSeconds, double levelDbov) {
    if (!(startHz > 0 && endHz > 0 && startHz < SAMPLE_RATE / 2.0 && endHz < SAMPLE_RATE / 2.0)) {
      throw new IllegalArgumentException("chirp frequencies must be in (0, 24000) Hz, were "
          + startHz + " and " + endHz);
    }
    if (!(sweepSeconds >= 0.01)) {
      throw new IllegalArgumentException("chirp sweep must last at least 0.01 s, was " + sweepSeconds);
    }
    this.startHz = startHz;
    this.sweepSamples = Math.round(sweepSeconds * SAMPLE_RATE);
    this.slopeHzPerSample = (endHz - startHz) / sweepSamples;
    this.amplitude = Math.min(32767.0, Levels.rmsOf(levelDbov) * Math.sqrt(2));
  }

  @Override
  public void nextFrame(short[] frame) {
    for (int i = 0; i < frame.length; i++) {
      double hz = startHz + slopeHzPerSample * (position % sweepSamples);
      frame[i] = (short) Math.round(amplitude * Math.sin(phase));
      phase = (phase + 2 * Math.PI * hz / SAMPLE_RATE) % (2 * Math.PI);
      position++;
    }
  }
}
