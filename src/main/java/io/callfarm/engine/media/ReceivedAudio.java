package io.callfarm.engine.media;

import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The virtual speaker's input for one incoming connection: takes the decoded 10 ms frames the receive device
 * module's playout thread pulls, reports their pace to the {@link PlayoutClock} and the {@link MicLead}, detects
 * the first non-silent frame, accumulates energy for the 300 ms volume report, applies the device's playout gain
 * and appends to the remote's recording. {@link #onData} runs on the playout thread, {@link #takeMeanSquare} on
 * the clock thread, {@link #close} on the signal thread.
 */
final class ReceivedAudio implements AudioTrackSink {

  private static final Logger LOG = LoggerFactory.getLogger(ReceivedAudio.class);
  private static final double SILENCE_MEAN_SQUARE = Math.pow(Levels.rmsOf(Levels.SILENCE_DBOV), 2);

  private final DeviceMedia device;
  private final String remote;
  private final SpeakerRecorder.Track recording;
  private final MicLead.Stream lead;
  private short[] mono = new short[MicSource.FRAME_SAMPLES];
  private boolean firstAudioSeen;
  private boolean formatWarned;
  private double energy;
  private long energySamples;
  private boolean closed;
  private final long createdNanos = System.nanoTime();

  ReceivedAudio(DeviceMedia device, String remote, SpeakerRecorder.Track recording) {
    this.device = device;
    this.remote = remote;
    this.recording = recording;
    this.lead = device.micLead().open(remote);
    recording.startSegment();
  }

  /** Called by the native playout thread: an exception escaping here would abort the JVM. */
  @Override
  public synchronized void onData(byte[] data, int bitsPerSample, int sampleRate, int channels, int frames) {
    if (closed) {
      return;
    }
    try {
      take(data, bitsPerSample, sampleRate, channels, frames);
    } catch (RuntimeException e) {
      closed = true;
      LOG.error("{}: handling audio from {} failed; no more audio is taken from it", device.localUserId(),
          remote, e);
    }
  }

  private void take(byte[] data, int bitsPerSample, int sampleRate, int channels, int frames) {
    if (bitsPerSample != 16 || sampleRate != MicSource.SAMPLE_RATE || channels < 1) {
      if (!formatWarned) {
        formatWarned = true;
        LOG.warn("{}: audio from {} arrives as {} bit {} Hz {} ch; only 16-bit 48 kHz is recorded",
            device.localUserId(), remote, bitsPerSample, sampleRate, channels);
      }
      return;
    }
    if (mono.length < frames) {
      mono = new short[frames];
    }
    double sum = 0;
    for (int f = 0; f < frames; f++) {
      int acc = 0;
      for (int c = 0; c < channels; c++) {
        int i = 2 * (f * channels + c);
        acc += (short) ((data[i] & 0xff) | (data[i + 1] << 8));
      }
      int v = acc / channels;
      sum += (double) v * v;
      mono[f] = (short) v;
    }
    energy += sum;
    energySamples += frames;
    long now = System.nanoTime();
    device.playoutClock().pulled(remote, this, frames, now);
    lead.pulled(frames, now);
    if (!firstAudioSeen && sum / frames > SILENCE_MEAN_SQUARE) {
      firstAudioSeen = true;
      device.firstAudio(remote);
    }
    double gain = device.playoutGainFactor();
    if (gain != 1.0) {
      for (int f = 0; f < frames; f++) {
        mono[f] = (short) Math.max(-32768, Math.min(32767, Math.round(mono[f] * gain)));
      }
    }
    recording.write(mono, frames, now);
  }

  /** Whether this stream's jitter buffer has settled, fed by {@link DeviceMedia#readPlayoutSettling}. */
  PlayoutSettling settling() {
    return lead.settling;
  }

  /** When this stream was set up ({@link System#nanoTime()}). */
  long createdNanos() {
    return createdNanos;
  }

  /** Mean square (16-bit units²) of the samples since the previous call, or NaN if none arrived. */
  synchronized double takeMeanSquare() {
    double meanSquare = energySamples == 0 ? Double.NaN : energy / energySamples;
    energy = 0;
    energySamples = 0;
    return meanSquare;
  }

  /** Stops taking frames; the recording stays open for a later connection from the same remote. */
  synchronized void close() {
    closed = true;
    device.playoutClock().stopped(this);
    device.micLead().close(lead);
    recording.flush();
  }
}
