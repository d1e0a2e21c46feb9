package io.callfarm.load;

import io.callfarm.engine.call.CallMedia;
import io.callfarm.engine.media.LinkStats;
import io.callfarm.engine.media.MediaCallRecord;
import io.callfarm.engine.media.MediaEngine;
import io.callfarm.engine.media.MediaSettings;
import io.callfarm.engine.media.MicSource;
import io.callfarm.engine.media.SpeechClips;
import io.callfarm.engine.media.MouthToEar;
import io.callfarm.engine.media.TappedMic;
import io.callfarm.engine.media.WebRtcCallMedia;
import io.callfarm.quality.QualityReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The audio share of a load run: a small pool of users whose calls carry real WebRTC audio (speech on every
 * microphone, tapped, after a warm-up of room noise), the accept→first-audio latency (to the first frame the callee
 * hears), and after the run the analysis of every stream they received (mouth-to-ear, MOS-LQO, concealment). Sized
 * for what the machine can carry: a 2-core machine holds about 20 concurrent audio calls ({@code bench/run Media}).
 */
final class MediaCalls implements AutoCloseable {
  /** Users with audio at most: 30 concurrent calls' worth. */
  static final int MAX_USERS = 60;

  /** What the audio calls measured. Latencies in ms; shares 0..1. */
  record Report(int users, int streamsAnalysed, int streamsFailed, Percentiles mouthToEar,
      double mosMean, double mosMin, double concealedShareMax, List<String> failures) {}

  /**
   * The shortest {@code --talk} of a run with audio: the microphones send quiet room noise until their receivers'
   * jitter buffers have settled ({@link MediaSettings#SPEECH_WARM_UP}, then up to 4 s more), so the score is the
   * speech's, not NetEq's start-up stretching (without the warm-up, loopback calls scored MOS 1.6-3.0 here); then a
   * clip of 3-4 s must fit.
   */
  static final Duration MIN_TALK = Duration.ofSeconds(10);

  private final MediaEngine engine = new MediaEngine(MediaSettings.defaults()
      .withMicWarmUp(MediaSettings.SPEECH_WARM_UP).withWarmUpNoise(true));
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "callfarm-load-media-stats");
    t.setDaemon(true);
    return t;
  });
  private final Path recordings;
  private final LoadMetrics metrics;
  private final IdlePool pool;
  private final int userCount;
  private final Map<String, WebRtcCallMedia> media = new LinkedHashMap<>();

  private MediaCalls(int userCount, Path recordings, LoadMetrics metrics) {
    this.userCount = userCount;
    this.recordings = recordings;
    this.metrics = metrics;
    this.pool = new IdlePool(userCount);
  }

  /**
   * Sizes the pool from the expected concurrent audio calls: rate × share × (talk + 1 s setup),
   * 2.5 users per call, at least 3 and at most {@link #MAX_USERS} (or half the users).
   */
  static MediaCalls start(LoadProfile profile, Path reportDir, LoadMetrics metrics) {
    double concurrent = profile.cps() * profile.mediaShare()
        * (LoadProfile.seconds(profile.talk()) + 1);
    int users = (int) Math.min(Math.min(MAX_USERS, profile.users() / 2),
        Math.max(3, Math.ceil(2.5 * concurrent) + 1));
    return new MediaCalls(users, reportDir.resolve("media"), metrics);
  }

  int userCount() {
    return userCount;
  }

  IdlePool pool() {
    return pool;
  }

  /**
   * The call media of a new audio user: its microphone loops one of the shipped speech clips (users take them
   * in turn), so every stream's MOS is a speech score; each call's microphone is tapped.
   */
  CallMedia attach(String userId) {
    WebRtcCallMedia callMedia = new WebRtcCallMedia(new WebRtcCallMedia.Settings(engine, null,
        recordings, sampler, Duration.ofSeconds(1)), () -> userId);
    Path clip = SpeechClips.file(SpeechClips.NAMES.get(media.size() % SpeechClips.NAMES.size()));
    callMedia.setMic(() -> {
      try {
        return MicSource.wav(clip, true);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot read the shipped speech clip " + clip, e);
      }
    });
    media.put(userId, callMedia);
    return callMedia;
  }

  /** Connects the user's first-audio events to the accept→first-audio latency. */
  void measureFirstAudio(VirtualUser user) {
    media.get(user.id()).onFirstAudio((from, nanos) -> {
      long accepted = user.acceptedAtNanos();
      if (accepted > 0 && nanos > accepted) {
        metrics.acceptToFirstAudio.recordNanos(nanos - accepted);
      }
    });
  }

  /** Analyses every stream every audio user received, matching sender and call by room. */
  Report analyze() {
    Latency mouthToEar = new Latency();
    List<Double> mos = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    double concealedMax = 0;
    for (Map.Entry<String, WebRtcCallMedia> receiver : media.entrySet()) {
      for (MediaCallRecord call : receiver.getValue().calls()) {
        for (Map.Entry<String, Path> stream : call.recordings().entrySet()) {
          String sender = stream.getKey();
          try {
            TappedMic tap = tapOf(sender, call.roomId());
            QualityReport report = MouthToEar.analyze(tap, stream.getValue(),
                call.recordingEpochNanos()).report();
            mouthToEar.recordNanos((long) (report.delayMs() * 1e6));
            mos.add(report.mosLqo());
            LinkStats stats = call.lastStats(sender);
            if (stats != null) {
              concealedMax = Math.max(concealedMax, stats.concealedShare());
            }
          } catch (RuntimeException e) {
            if (failures.size() < 10) {
              failures.add(receiver.getKey() + " hearing " + sender + ": " + e.getMessage());
            }
          }
        }
      }
    }
    int failed = (int) media.values().stream().flatMap(m -> m.calls().stream())
        .mapToLong(c -> c.recordings().size()).sum() - mos.size();
    mouthToEar.nextInterval();
    return new Report(userCount, mos.size(), failed, mouthToEar.summary(),
        mos.stream().mapToDouble(Double::doubleValue).average().orElse(0),
        mos.stream().mapToDouble(Double::doubleValue).min().orElse(0), concealedMax, failures);
  }

  private TappedMic tapOf(String sender, int roomId) {
    WebRtcCallMedia senderMedia = media.get(sender);
    if (senderMedia == null) {
      throw new IllegalStateException(sender + " is not an audio user");
    }
    List<MediaCallRecord> calls = senderMedia.calls();
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i).roomId() == roomId) {
        return senderMedia.mics().get(i);
      }
    }
    throw new IllegalStateException(sender + " has no call in room " + roomId);
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    engine.close();
    try {
      sampler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
