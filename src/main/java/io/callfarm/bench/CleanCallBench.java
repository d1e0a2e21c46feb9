package io.callfarm.bench;

import io.callfarm.engine.media.CandidateRewriter;
import io.callfarm.engine.media.DeviceMedia;
import io.callfarm.engine.media.LinkStats;
import io.callfarm.engine.media.MediaEngine;
import io.callfarm.engine.media.MediaListener;
import io.callfarm.engine.media.MicSource;
import io.callfarm.engine.media.MouthToEar;
import io.callfarm.engine.media.TappedMic;
import io.callfarm.quality.AudioAnalyzer;
import io.callfarm.quality.PcmAudio;
import io.callfarm.quality.QualityReport;
import io.callfarm.quality.Resampler;
import io.callfarm.quality.Wav;
import io.callfarm.scratch.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How clean the measuring instrument is: unimpaired loopback 1v1 calls between two virtual devices in this JVM
 * (real WebRTC, Opus, NetEq; no link emulator), the caller's microphone playing the shipped speech clips, each
 * recording scored against the tapped microphone, next to the same speech through Opus alone (Debian's
 * {@code opusenc}/{@code opusdec} at {@value #OPUS_KBPS} kbit/s, when installed). A clean instrument scores within
 * 0.3 MOS of the codec alone with a steady delay (no playout adjustments inside speech).
 *
 * @param calls   calls to make, one after another
 * @param seconds length of each call after its connection is up, s
 * @param pacing  what paces the microphones ({@code NOMINAL} shows the drift the playout clock removes)
 * @param warmUp  microphone warm-up of the engine (see {@link MediaEngine#MediaEngine(Duration, MediaEngine.MicPacing)})
 */
public record CleanCallBench(int calls, double seconds, MediaEngine.MicPacing pacing, Duration warmUp) {

  static final int OPUS_KBPS = 32;

  /** One call's figures. */
  public record Call(double mosLqo, double delayMs, double delayMinMs, double delayMaxMs, int playoutAdjustments,
      int playoutAdjustmentsInSpeech, double concealedPercent, double micSamplesPerSecond) {
  }

  /** All figures: each call, their summary, and the codec-only reference (null when opus-tools are missing). */
  public record Figures(List<Call> calls, double meanMos, double minMos, double meanAdjustmentsInSpeech,
      Double codecOnlyMos, String codecOnlyNote) {
  }

  Figures run() throws Exception {
    List<Call> results = new ArrayList<>();
    Path dir = Files.createTempDirectory("callfarm-clean-call-");
    try {
      for (int i = 0; i < calls; i++) {
        results.add(call(dir.resolve("call-" + i)));
      }
      PcmAudio speech = QualityBench.speech(seconds);
      Double codec = null;
      String note;
      try {
        codec = codecOnly(speech, dir);
        note = "opusenc --bitrate " + OPUS_KBPS + " --framesize 20, then opusdec at 48 kHz";
      } catch (IOException e) {
        note = "not measured: " + e.getMessage() + " (apt-get install opus-tools)";
      }
      double mean = results.stream().mapToDouble(Call::mosLqo).average().orElse(Double.NaN);
      double min = results.stream().mapToDouble(Call::mosLqo).min().orElse(Double.NaN);
      double steps = results.stream().mapToInt(Call::playoutAdjustmentsInSpeech).average().orElse(Double.NaN);
      return new Figures(results, mean, min, steps, codec, note);
    } finally {
      FileTrees.delete(dir);
    }
  }

  private Call call(Path dir) throws Exception {
    Map<String, DeviceMedia> directory = new ConcurrentHashMap<>();
    TappedMic mic = new TappedMic(MicSource.of(QualityBench.speech(seconds), true), dir.resolve("alice-mic.wav"));
    DeviceMedia bob;
    LinkStats stats;
    try (MediaEngine engine = new MediaEngine(warmUp, pacing)) {
      DeviceMedia alice = device(engine, directory, "alice", mic, dir);
      bob = device(engine, directory, "bob", MicSource.silence(), dir);
      alice.connect("bob");
      bob.connect("alice");
      awaitTalking(mic);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos((long) (seconds * 1000)));
      stats = bob.stats().get("alice");
      bob.disconnect("alice");
    }
    QualityReport r = MouthToEar.analyze(mic, bob.recordingFrom("alice"), bob.recordingEpochNanos()).report();
    return new Call(r.mosLqo(), r.delayMs(), r.delayMinMs(), r.delayMaxMs(), r.playoutAdjustments(),
        r.playoutAdjustmentsInSpeech(), stats == null ? Double.NaN : 100 * stats.concealedShare(),
        mic.samplesPerSecond());
  }

  /** Until the caller's microphone has left its warm-up (which waits for the receiver's jitter buffer). */
  private void awaitTalking(TappedMic mic) {
    if (!mic.awaitFirstFrame(warmUp.plusMillis(DeviceMedia.MAX_SETTLE_WAIT_MS + 5_000))) {
      throw new IllegalStateException("the microphone never started talking (no connection?)");
    }
  }

  private static DeviceMedia device(MediaEngine engine, Map<String, DeviceMedia> directory, String user,
      MicSource mic, Path dir) {
    DeviceMedia device = new DeviceMedia(engine, user, (to, payload) -> {
      DeviceMedia target = directory.get(to);
      if (target != null) {
        target.onSignal(user, payload);
      }
    }, mic, dir, new MediaListener() { }, CandidateRewriter.IDENTITY);
    directory.put(user, device);
    return device;
  }

  /** The speech through Opus alone, scored by the same analyser. */
  private static double codecOnly(PcmAudio speech, Path dir) throws IOException, InterruptedException {
    Path in = dir.resolve("speech-48k.wav");
    Path coded = dir.resolve("speech.opus");
    Path out = dir.resolve("speech-opus.wav");
    Wav.write(in, Resampler.resample(speech, 48_000));
    exec(List.of("opusenc", "--quiet", "--bitrate", Integer.toString(OPUS_KBPS), "--framesize", "20",
        in.toString(), coded.toString()));
    exec(List.of("opusdec", "--quiet", "--rate", "48000", coded.toString(), out.toString()));
    return new AudioAnalyzer().analyze(Wav.read(in), Wav.read(out)).mosLqo();
  }

  private static void exec(List<String> command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException(command.get(0) + " is not installed");
    }
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " failed: " + output.strip());
    }
  }
}
