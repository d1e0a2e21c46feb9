package io.callfarm.quality;

import java.util.Arrays;

/**
 * A mono signal as the analysis sees it: samples are linear PCM scaled so that digital full scale is 1.0
 * (values may exceed 1.0 only if produced by processing, never when read from integer WAV). Multi-channel files
 * are averaged to mono by {@link Wav#read}. The array is shared, not copied: treat it as read-only.
 *
 * @param sampleRate samples per second, positive
 * @param samples    mono samples in [-1, 1], never null
 */
public record PcmAudio(int sampleRate, float[] samples) {

  public PcmAudio {
    if (sampleRate <= 0) {
      throw new AnalysisException(AnalysisException.Code.INVALID_ARGUMENT,
          "sample rate must be positive, got " + sampleRate);
    }
    if (samples == null) {
      throw new AnalysisException(AnalysisException.Code.INVALID_ARGUMENT, "samples must not be null");
    }
  }

  /** Number of samples (frames, since the signal is mono). */
  public int length() {
    return samples.length;
  }

  /** Duration in seconds. */
  public double durationSeconds() {
    return samples.length / (double) sampleRate;
  }

  /** A copy of the samples from {@code fromSample} (inclusive) to {@code toSample} (exclusive). */
  public PcmAudio slice(int fromSample, int toSample) {
    return new PcmAudio(sampleRate, Arrays.copyOfRange(samples, fromSample, toSample));
  }

  /** A copy with every sample multiplied by {@code 10^(gainDb/20)}; no clipping is applied. */
  public PcmAudio withGainDb(double gainDb) {
    float g = (float) Math.pow(10, gainDb / 20);
    float[] out = new float[samples.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = samples[i] * g;
    }
    return new PcmAudio(sampleRate, out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PcmAudio p && p.sampleRate == sampleRate && Arrays.equals(p.samples, samples);
  }

  @Override
  public int hashCode() {
    return 31 * sampleRate + Arrays.hashCode(samples);
  }

  @Override
  public String toString() {
    return "PcmAudio[" + sampleRate + " Hz, " + samples.length + " samples]";
  }
}
