package io.callfarm.engine.media;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The audio of one device in one call: a send-only connection to every connected remote (fed by its
 * {@link MicSource}) and a receive-only connection from each (decoded into the virtual speaker, recorded, turned
 * into {@link MediaListener} events). Both sides call {@link #connect} when they see each other in the room; each
 * offers its own send-only connection and answers the other's.
 *
 * <h2>Signalling payloads</h2> ({@link MediaSignaller#send} out, {@link #onSignal} in; {@code audioFrom} names the
 * link: the user whose microphone it carries)
 * <pre>
 * {"type":"offer",    "audioFrom":"A", "sdp":"v=0...", "muted":false}      A → B, A's send-only offer
 * {"type":"answer",   "audioFrom":"A", "sdp":"v=0..."}                     B → A, B's receive-only answer
 * {"type":"candidate","audioFrom":"A", "candidate":"candidate:... 127.0.0.1 ... typ host ...",
 *                     "sdpMid":"0", "sdpMLineIndex":0}                       either way, trickle ICE
 * {"type":"mute",     "audioFrom":"A", "muted":true}                        A → B on setMicMute
 * </pre>
 * The signaller must keep the order of payloads between two users.
 *
 * <h2>Threading</h2> Every public method may be called from any thread. {@link #connect}, {@link #onSignal} and
 * {@link #setMicMute} only enqueue on the engine's signal thread; {@link #disconnect}, {@link #stats} and
 * {@link #close} wait for it (so never call them from a native WebRTC thread; from a {@link MediaListener}
 * callback is fine). Listener callbacks arrive on the signal thread.
 *
 * <h2>Ownership</h2> Created by the caller, closed by the caller (or by {@link MediaEngine#close()}); closing
 * disposes both connections per remote and the microphone track and writes the recordings (the receive stacks
 * are the engine's, shared by all its devices).
 */
public final class DeviceMedia implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceMedia.class);
  /** Earpiece playout gain relative to hands-free, dB. */
  public static final double EARPIECE_GAIN_DB = -12.0;

  private final MediaEngine engine;
  private final String localUserId;
  private final MediaSignaller signaller;
  private final MicSource mic;
  /** What the microphone sends during its warm-up when the engine asks for noise; null: digital silence. */
  private final RoomNoise warmUpNoise;
  private final MediaListener listener;
  private final CandidateRewriter rewriter;
  private final long recordingEpochNanos = System.nanoTime();
  private final SpeakerRecorder recorder;
  private final CustomAudioSource micSource;
  private final AudioTrack micTrack;
  private final Object micLock = new Object();
  private final short[] micFrame = new short[MicSource.FRAME_SAMPLES];
  private final byte[] micBytes = new byte[2 * MicSource.FRAME_SAMPLES];
  private final java.nio.ShortBuffer micBytesView =
      java.nio.ByteBuffer.wrap(micBytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer();
  private final Map<String, Link> outgoing = new ConcurrentHashMap<>();
  private final Map<String, Link> incoming = new ConcurrentHashMap<>();
  /**
   * Remotes whose answer said they play out on the headless module's clock (virtual devices); the others (browser
   * and Appium devices) play on the real clock. Written on the signal thread, read on the clock thread.
   */
  private final Set<String> headlessReceivers = ConcurrentHashMap.newKeySet();
  // signal thread only:
  private final Map<String, Boolean> remoteMuted = new LinkedHashMap<>();
  private final Set<String> announcedAvailable = new TreeSet<>();
  private volatile boolean micMuted;
  /** {@link System#nanoTime()} when the first outgoing connection was up: the warm-up starts. */
  private volatile long warmUpFromNanos = Long.MAX_VALUE;
  /** Clock thread only: the microphone plays its source (silence before: the warm-up). */
  private boolean talking;
  /** Clock thread only: when the next microphone frame is due, or -1 while nothing is sent. */
  private long nextMicFrameNanos = -1;
  /** The longest a microphone waits, beyond its warm-up, for its receivers' jitter buffers to settle, ms. */
  public static final long MAX_SETTLE_WAIT_MS = 4_000;
  /** How long after it is set up an incoming stream's settling is read at most, ms (its sender waits less). */
  private static final long MAX_SETTLE_READ_MS = 8_000;
  /** A microphone clock this late restarts from now, ms. */
  static final long RESYNC_MS = 100;
  /** Microphone samples pushed so far; clock thread only. */
  private long micSamplesSent;
  private volatile double playoutGainFactor = 1.0;
  private volatile boolean closed;

  /**
   * @param engine       the engine this device runs on (not owned)
   * @param localUserId  this device's user id
   * @param signaller    where payloads for remotes go
   * @param mic          what this device's microphone plays (owned: used by this device only)
   * @param recordingDir where the speaker recordings go (created if missing), or {@code null} to record nothing
   * @param listener     receives this device's media events
   * @param rewriter     applied to every remote candidate, e.g. {@link CandidateRewriter#IDENTITY}
   */
  public DeviceMedia(MediaEngine engine, String localUserId, MediaSignaller signaller, MicSource mic,
             Path recordingDir, MediaListener listener, CandidateRewriter rewriter) {
    this.engine = Objects.requireNonNull(engine, "engine");
    engine.checkOpen();
    this.localUserId = Objects.requireNonNull(localUserId, "localUserId");
    this.signaller = Objects.requireNonNull(signaller, "signaller");
    this.mic = Objects.requireNonNull(mic, "mic");
    this.warmUpNoise = engine.settings().warmUpNoise() ? new RoomNoise(localUserId.hashCode()) : null;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.rewriter = Objects.requireNonNull(rewriter, "rewriter");
    this.recorder = new SpeakerRecorder(recordingDir, localUserId, recordingEpochNanos);
    this.micSource = new CustomAudioSource();
    this.micTrack = engine.sendFactory().createAudioTrack(localUserId + "-mic", micSource);
    engine.register(this);
  }

  /** This device's user id. */
  public String localUserId() {
    return localUserId;
  }

  /** {@link System#nanoTime()} at creation: the instant of sample 0 in every recording of this device. */
  public long recordingEpochNanos() {
    return recordingEpochNanos;
  }

  /** The per-remote recording file (complete after {@link #disconnect} or {@link #close}), or {@code null}. */
  public Path recordingFrom(String remoteUserId) {
    return recorder.fileFrom(remoteUserId);
  }

  /** The mixed recording file (written by {@link #close}), or {@code null} when not recording. */
  public Path mixedRecording() {
    return recorder.mixedFile();
  }

  /**
   * Starts sending this device's microphone to {@code remoteUserId}: creates the send-only connection and
   * signals its offer. No-op if already connected. Returns at once.
   */
  public void connect(String remoteUserId) {
    post(() -> {
      if (closed || remoteUserId.equals(localUserId) || outgoing.containsKey(remoteUserId)) {
        return;
      }
      Link link = Link.outgoing(this, engine.sendFactory(), remoteUserId, micTrack);
      outgoing.put(remoteUserId, link);
      link.offer();
    });
  }

  /**
   * Closes both connections with {@code remoteUserId} (fires {@code onUserAudioAvailable(remote, false)} if it
   * was available) and flushes its recording. Waits until done.
   */
  public void disconnect(String remoteUserId) {
    engine.runAndWait(() -> {
      closeLink(outgoing.remove(remoteUserId));
      headlessReceivers.remove(remoteUserId);
      closeLink(incoming.remove(remoteUserId));
      remoteMuted.remove(remoteUserId);
      updateAvailability(remoteUserId);
    });
  }

  /** Handles a payload {@code fromUserId} sent through its {@link MediaSignaller}. Returns at once. */
  public void onSignal(String fromUserId, JsonNode payload) {
    post(() -> handle(fromUserId, payload));
  }

  /**
   * Mutes or unmutes the microphone: while muted, zeros are sent instead of the {@link MicSource} (which keeps
   * advancing), and each remote is told, so it reports {@code onUserAudioAvailable(local, false/true)}.
   */
  public void setMicMute(boolean muted) {
    micMuted = muted;
    post(() -> outgoing.keySet().forEach(remote ->
        signaller.send(remote, MediaPayloads.mute(localUserId, muted))));
  }

  /**
   * Routes playout to the loudspeaker ({@code true}, 0 dB, the default) or the earpiece ({@code false},
   * {@value #EARPIECE_GAIN_DB} dB), observable in the recordings from the next 10 ms frame on.
   */
  public void setHandsFree(boolean handsFree) {
    playoutGainFactor = handsFree ? 1.0 : Levels.factorOf(EARPIECE_GAIN_DB);
  }

  /**
   * Current stats per remote with at least one connection, keyed by remote user id. Waits up to 5 s for
   * WebRTC's stats collection.
   *
   * @throws IllegalStateException when the stats were not collected within 5 s
   */
  public Map<String, LinkStats> stats() {
    try {
      return statsAsync().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while collecting stats", ex);
    } catch (ExecutionException | TimeoutException ex) {
      throw new IllegalStateException(localUserId + ": stats not collected within 5 s: " + ex, ex);
    }
  }

  /**
   * Asks WebRTC for the stats of every link (on the signal thread, waited for) and returns without waiting for
   * them, so a caller watching hundreds of devices asks all of them first and waits once (a stats collection
   * hops through WebRTC's signalling, worker and network threads, which a loaded machine makes slow). The future
   * completes with {@link #stats()}'s map when WebRTC has answered for every link; the caller bounds the wait.
   */
  public CompletableFuture<Map<String, LinkStats>> statsAsync() {
    Map<String, CompletableFuture<RTCStatsReport[]>> pending = new LinkedHashMap<>();
    engine.runAndWait(() -> {
      Set<String> remotes = new TreeSet<>(incoming.keySet());
      remotes.addAll(outgoing.keySet());
      for (String remote : remotes) {
        CompletableFuture<RTCStatsReport> in = statsOf(incoming.get(remote));
        CompletableFuture<RTCStatsReport> out = statsOf(outgoing.get(remote));
        pending.put(remote, in.thenCombine(out, (a, b) -> new RTCStatsReport[] {a, b}));
      }
    });
    return CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
      Map<String, LinkStats> result = new LinkedHashMap<>();
      pending.forEach((remote, reports) -> {
        RTCStatsReport[] r = reports.join();
        result.put(remote, LinkStats.of(remote, r[0], r[1]));
      });
      return result;
    });
  }

  private static CompletableFuture<RTCStatsReport> statsOf(Link link) {
    return link == null ? CompletableFuture.completedFuture(null)
        : link.stats().exceptionally(t -> null);
  }

  /**
   * Closes every connection and the microphone, then writes the recordings (mixed file
   * included). Fires no listener events. Idempotent; waits until done.
   */
  @Override
  public void close() {
    boolean[] closing = new boolean[1];
    engine.runAndWait(() -> {
      if (closed) {
        return;
      }
      closing[0] = true;
      closed = true;
      outgoing.values().forEach(Link::close);
      incoming.values().forEach(Link::close);
      outgoing.clear();
      headlessReceivers.clear();
      incoming.clear();
      synchronized (micLock) {
        micTrack.dispose();
        micSource.dispose();
        mic.close();
      }
    });
    if (closing[0]) {
      engine.unregister(this);
      engine.playoutClock().forget(localUserId);
      recorder.close();
    }
  }

  @Override
  public String toString() {
    return "DeviceMedia[" + localUserId + "]";
  }

  // ---- engine and link side (package-private) ----

  void post(Runnable task) {
    engine.post(task);
  }

  /** The microphone this device plays (owned by it). */
  MicSource mic() {
    return mic;
  }

  /**
   * Clock thread: pushes every microphone frame due by {@code now} while there is an outgoing connection, at
   * the pace of the receivers of this device's audio, and returns when the next one is due: with virtual devices
   * only, their playout threads' pace ({@link PlayoutClock}, trimmed by {@link MicLead}); with browser and Appium
   * devices only, the real clock theirs run on (the headless pace would drain their jitter buffers by 0.3 % and
   * NetEq would stretch the speech); with both, halfway between the two clocks, untrimmed, so neither side's
   * buffer drifts by more than half the difference (measured in the mixed-kinds group call, 4 runs: the browser's
   * MOS 4.40-4.46 with no adjustment in speech, was 4.00-4.41 with 1-2; the virtual receivers' 4.36-4.50).
   * Deadlines are absolute; after a stall of more than {@value #RESYNC_MS} ms (the machine was starved) the clock
   * starts afresh from now instead of sending the backlog in a burst, as a real capture device drops what it could
   * not deliver.
   */
  long pushDueMicFrames(long now) {
    if (outgoing.isEmpty()) {
      nextMicFrameNanos = -1;
      return now + MediaEngine.FRAME_NANOS;
    }
    if (nextMicFrameNanos < 0 || now - nextMicFrameNanos > RESYNC_MS * 1_000_000L) {
      nextMicFrameNanos = now;
      engine.micLead().restart(localUserId, now);
    }
    boolean bothClocks = !headlessReceivers.isEmpty() && outgoing.size() > headlessReceivers.size();
    double period = 1e9 * MicSource.FRAME_SAMPLES / micPace(bothClocks);
    while (nextMicFrameNanos <= now) {
      pushMicFrame(nextMicFrameNanos);
      micSamplesSent += MicSource.FRAME_SAMPLES;
      double trim = bothClocks ? 1.0
          : engine.micLead().periodFactor(localUserId, micSamplesSent, nextMicFrameNanos);
      nextMicFrameNanos += Math.round(period * trim);
    }
    return nextMicFrameNanos;
  }

  /** Samples per second to send at, for receivers on the real clock, the headless one or both (see above). */
  private double micPace(boolean bothClocks) {
    if (headlessReceivers.isEmpty()) {
      return MicSource.SAMPLE_RATE;
    }
    double headless = engine.playoutClock().samplesPerSecond(localUserId);
    return bothClocks ? (headless + MicSource.SAMPLE_RATE) / 2 : headless;
  }

  private void pushMicFrame(long dueNanos) {
    synchronized (micLock) {
      if (closed) {
        return;
      }
      if (!talking) {
        talking = warmUpOver(System.nanoTime());
      }
      if (!talking && warmUpNoise != null) {
        warmUpNoise.fill(micFrame);
      } else if (!talking) {
        java.util.Arrays.fill(micFrame, (short) 0);
      } else {
        mic.nextFrame(micFrame, dueNanos);
      }
      if (micMuted) {
        java.util.Arrays.fill(micBytes, (byte) 0);
      } else {
        micBytesView.clear();
        micBytesView.put(micFrame);
      }
      micSource.pushAudio(micBytes, 16, MicSource.SAMPLE_RATE, 1, MicSource.FRAME_SAMPLES);
    }
  }

  /**
   * Clock thread: whether the warm-up is over — {@link MediaSettings#micWarmUp()} after the first outgoing
   * connection came up, and once every receiver of this microphone has a settled jitter buffer
   * ({@link PlayoutSettling}), or {@value #MAX_SETTLE_WAIT_MS} ms later at most (an impaired link keeps NetEq
   * adapting: it never settles). A receiver on another engine (a browser, an Appium device, a virtual device of
   * another process) cannot be read from here: the microphone waits the longest for it, since its NetEq settles
   * as late as ours (browsers compressed speech 2-3 s after the connection when the microphone talked after 1 s).
   */
  private boolean warmUpOver(long now) {
    long from = warmUpFromNanos;
    long minimum = engine.micWarmUp().toNanos();
    if (from == Long.MAX_VALUE || now - from < minimum) {
      return false;
    }
    if (minimum == 0) {
      return true;
    }
    List<String> unread = outgoing.keySet().stream().filter(remote -> !engine.runsDeviceOf(remote)).toList();
    if (unread.isEmpty() && engine.micLead().playoutSettled(localUserId)) {
      LOG.info("{}: microphone talking {} ms after its first connection (receivers settled)", localUserId,
          (now - from) / 1_000_000);
      return true;
    }
    if (now - from >= minimum + MAX_SETTLE_WAIT_MS * 1_000_000L) {
      LOG.info("{}: microphone talking after {} ms without every receiver's playout settled: {}{}", localUserId,
          (now - from) / 1_000_000, engine.micLead().unsettledStates(localUserId),
          unread.isEmpty() ? "" : ", not readable here: " + unread);
      return true;
    }
    return false;
  }

  /**
   * Clock thread, every {@value PlayoutSettling#POLL_MS} ms: asks WebRTC (on the signal thread) for the stats of
   * each incoming connection whose jitter buffer has not settled yet, for the senders' warm-up (none when this
   * engine's microphones have no warm-up, as in load runs).
   */
  void readPlayoutSettling() {
    if (engine.micWarmUp().isZero()) {
      return;
    }
    long now = System.nanoTime();
    for (Link link : incoming.values()) {
      ReceivedAudio audio = link.audio();
      boolean watching = now - audio.createdNanos() < MAX_SETTLE_READ_MS * 1_000_000L;
      if (!watching || audio.settling().settled()) {
        continue;
      }
      if (rewriter.impairsAudioFrom(link.remote())) {
        audio.settling().waive("not waited for: the path is impaired");
      } else if (link.state() == RTCPeerConnectionState.CONNECTED && audio.settling().startReading(now)) {
        post(() -> {
          if (incoming.get(link.remote()) != link) {
            audio.settling().readingDone();
            return;
          }
          link.stats().whenComplete((report, failure) -> {
            audio.settling().readingDone();
            if (report != null) {
              audio.settling().add(PlayoutSettling.Reading.of(report, System.nanoTime()));
            }
          });
        });
      }
    }
  }

  /** Clock thread, every 300 ms: one volume report per remote whose audio arrived since the last report. */
  void reportVolumes() {
    for (Link link : incoming.values()) {
      double meanSquare = link.audio().takeMeanSquare();
      if (!Double.isNaN(meanSquare)) {
        int volume = Levels.volume(Levels.dbovOfMeanSquare(meanSquare));
        String remote = link.remote();
        post(() -> {
          if (incoming.get(remote) == link) {
            listener.onUserVoiceVolume(remote, volume);
          }
        });
      }
    }
  }

  PlayoutClock playoutClock() {
    return engine.playoutClock();
  }

  MicLead micLead() {
    return engine.micLead();
  }

  double playoutGainFactor() {
    return playoutGainFactor;
  }

  /** Playout thread: the first non-silent frame from {@code remote} on its current connection. */
  void firstAudio(String remote) {
    post(() -> listener.onFirstAudio(remote));
  }

  void signalOffer(String remote, String sdp) {
    signaller.send(remote, MediaPayloads.offer(localUserId, sdp, micMuted));
  }

  void signalCandidate(Link link, String candidate, String sdpMid, int sdpMLineIndex) {
    String audioFrom = link.direction() == LinkDirection.OUTGOING ? localUserId : link.remote();
    signaller.send(link.remote(), MediaPayloads.candidate(audioFrom, candidate, sdpMid, sdpMLineIndex));
  }

  void linkStateChanged(Link link) {
    if (link.direction() == LinkDirection.OUTGOING && link.state() == RTCPeerConnectionState.CONNECTED
        && warmUpFromNanos == Long.MAX_VALUE) {
      warmUpFromNanos = System.nanoTime();
    }
    if (link.state() == RTCPeerConnectionState.FAILED) {
      LOG.warn("{}: {} connection with {} failed", localUserId, link.direction(), link.remote());
    }
    if (link.direction() == LinkDirection.INCOMING && incoming.get(link.remote()) == link) {
      updateAvailability(link.remote());
    }
  }

  private void handle(String from, JsonNode p) {
    if (closed) {
      return;
    }
    String type = p.path(MediaPayloads.TYPE).asText();
    String audioFrom = p.path(MediaPayloads.AUDIO_FROM).asText();
    boolean aboutMySending = localUserId.equals(audioFrom);
    if (!aboutMySending && !from.equals(audioFrom)) {
      LOG.warn("{}: ignoring media payload from {} about {}'s audio: {}", localUserId, from, audioFrom, p);
      return;
    }
    switch (type) {
      case MediaPayloads.OFFER -> {
        if (!aboutMySending) {
          acceptOffer(from, p.path(MediaPayloads.SDP).asText(), p.path(MediaPayloads.MUTED).asBoolean());
        }
      }
      case MediaPayloads.ANSWER -> {
        Link link = aboutMySending ? outgoing.get(from) : null;
        if (link != null) {
          if (MediaPayloads.HEADLESS.equals(p.path(MediaPayloads.PLAYOUT).asText())) {
            headlessReceivers.add(from);
          } else {
            headlessReceivers.remove(from);
          }
          link.acceptAnswer(p.path(MediaPayloads.SDP).asText());
        }
      }
      case MediaPayloads.CANDIDATE -> addCandidate(from, aboutMySending, p);
      case MediaPayloads.MUTE -> {
        if (!aboutMySending) {
          remoteMuted.put(from, p.path(MediaPayloads.MUTED).asBoolean());
          updateAvailability(from);
        }
      }
      default -> LOG.warn("{}: unknown media payload type '{}' from {}: {}", localUserId, type, from, p);
    }
  }

  private void acceptOffer(String remote, String sdp, boolean muted) {
    closeLink(incoming.remove(remote));
    remoteMuted.put(remote, muted);
    ReceivedAudio audio = new ReceivedAudio(this, remote, recorder.track(remote));
    Link link = Link.incoming(this, engine.receiveSides().acquire(), remote, audio);
    incoming.put(remote, link);
    link.answer(sdp, engine.settings().opus()::applyTo,
        answer -> signaller.send(remote, MediaPayloads.answer(remote, answer)));
  }

  private void addCandidate(String from, boolean forOutgoing, JsonNode p) {
    Link link = forOutgoing ? outgoing.get(from) : incoming.get(from);
    if (link == null) {
      LOG.debug("{}: candidate from {} for a link that does not exist (closed?)", localUserId, from);
      return;
    }
    String line = rewriter.rewrite(from, link.direction(), p.path(MediaPayloads.CANDIDATE).asText());
    if (line != null) {
      link.addRemoteCandidate(new RTCIceCandidate(p.path(MediaPayloads.SDP_MID).asText("0"),
          p.path(MediaPayloads.SDP_M_LINE_INDEX).asInt(0), line));
    }
  }

  private void closeLink(Link link) {
    if (link != null) {
      link.close();
    }
  }

  /** Fires onUserAudioAvailable when "incoming connection is connected and the remote is not muted" changes. */
  private void updateAvailability(String remote) {
    Link link = incoming.get(remote);
    boolean available = link != null && link.state() == RTCPeerConnectionState.CONNECTED
        && !remoteMuted.getOrDefault(remote, false);
    boolean changed = available ? announcedAvailable.add(remote) : announcedAvailable.remove(remote);
    if (changed && !closed) {
      listener.onUserAudioAvailable(remote, available);
    }
  }
}
