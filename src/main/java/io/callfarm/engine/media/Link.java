package io.callfarm.engine.media;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One one-way peer connection between the local device and one remote: send-only (offers, carries the local
 * microphone track) or receive-only (answers, hands the remote track to a {@link ReceivedAudio}). Drives the
 * offer/answer and trickle-ICE steps, buffering remote candidates until the remote description is applied. All
 * methods run on the engine's signal thread; native callbacks only post back to it.
 */
final class Link {

  private static final Logger LOG = LoggerFactory.getLogger(Link.class);

  private final DeviceMedia device;
  private final String remote;
  private final LinkDirection direction;
  private final RTCPeerConnection pc;
  private final List<RTCIceCandidate> pendingCandidates = new ArrayList<>();
  private RTCRtpSender sender;
  private ReceiveSide receiveSide;
  private ReceivedAudio audio;
  private AudioTrack remoteTrack;
  private boolean remoteDescriptionApplied;
  private boolean closed;
  private RTCPeerConnectionState state = RTCPeerConnectionState.NEW;

  private Link(DeviceMedia device, PeerConnectionFactory factory, String remote, LinkDirection direction) {
    this.device = device;
    this.remote = remote;
    this.direction = direction;
    this.pc = factory.createPeerConnection(MediaEngine.rtcConfiguration(), new Observer());
  }

  /** A send-only connection carrying {@code mic} to {@code remote}; call {@link #offer()} next. */
  static Link outgoing(DeviceMedia device, PeerConnectionFactory factory, String remote, AudioTrack mic) {
    Link link = new Link(device, factory, remote, LinkDirection.OUTGOING);
    RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
    init.direction = RTCRtpTransceiverDirection.SEND_ONLY;
    init.streamIds = List.of(device.localUserId());
    RTCRtpTransceiver transceiver = link.pc.addTransceiver(mic, init);
    link.sender = transceiver.getSender();
    return link;
  }

  /**
   * A receive-only connection on {@code side} (acquired for it; released when the link closes) for
   * {@code remote}'s audio, decoded into {@code audio}; then {@link #answer}.
   */
  static Link incoming(DeviceMedia device, ReceiveSide side, String remote, ReceivedAudio audio) {
    Link link;
    try {
      link = new Link(device, side.factory(), remote, LinkDirection.INCOMING);
    } catch (RuntimeException e) {
      side.connectionClosed();
      throw e;
    }
    link.receiveSide = side;
    link.audio = audio;
    return link;
  }

  String remote() {
    return remote;
  }

  LinkDirection direction() {
    return direction;
  }

  /** The decoded-audio sink of an incoming link; {@code null} for an outgoing one. */
  ReceivedAudio audio() {
    return audio;
  }

  RTCPeerConnectionState state() {
    return state;
  }

  /** Creates the offer, signals it, then applies it locally (so the offer always precedes our candidates). */
  void offer() {
    pc.createOffer(new RTCOfferOptions(), described(offer -> {
      device.signalOffer(remote, offer.sdp);
      pc.setLocalDescription(offer, applied("local offer", () -> { }));
    }));
  }

  /**
   * Applies {@code remote}'s offer, starts its receive side's playout, then answers it through {@code sendAnswer}
   * with the answer rewritten by {@code edit} (e.g. Opus parameters), applied locally as sent.
   */
  void answer(String offerSdp, UnaryOperator<String> edit, Consumer<String> sendAnswer) {
    pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, offerSdp), applied("remote offer", () -> {
      remoteDescriptionApplied();
      receiveSide.ensurePlayout();
      pc.createAnswer(new RTCAnswerOptions(), described(answer -> {
        RTCSessionDescription edited = new RTCSessionDescription(answer.sdpType, edit.apply(answer.sdp));
        sendAnswer.accept(edited.sdp);
        pc.setLocalDescription(edited, applied("local answer", () -> { }));
      }));
    }));
  }

  /** Applies the remote's answer to our offer. */
  void acceptAnswer(String answerSdp) {
    pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, answerSdp),
        applied("remote answer", this::remoteDescriptionApplied));
  }

  /** Adds a remote candidate now, or once the remote description is applied. */
  void addRemoteCandidate(RTCIceCandidate candidate) {
    if (closed) {
      return;
    }
    if (remoteDescriptionApplied) {
      pc.addIceCandidate(candidate);
    } else {
      pendingCandidates.add(candidate);
    }
  }

  CompletableFuture<RTCStatsReport> stats() {
    CompletableFuture<RTCStatsReport> report = new CompletableFuture<>();
    if (closed) {
      report.completeExceptionally(new IllegalStateException("link closed"));
    } else {
      pc.getStats(report::complete);
    }
    return report;
  }

  /** Detaches the sink or the microphone track, then closes the connection natively. Idempotent. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (remoteTrack != null) {
      remoteTrack.removeSink(audio);
    }
    if (audio != null) {
      audio.close();
    }
    if (sender != null) {
      pc.removeTrack(sender);
    }
    pc.close();
    pendingCandidates.clear();
    if (receiveSide != null) {
      receiveSide.connectionClosed();
    }
  }

  private void remoteDescriptionApplied() {
    if (closed) {
      return;
    }
    remoteDescriptionApplied = true;
    pendingCandidates.forEach(pc::addIceCandidate);
    pendingCandidates.clear();
  }

  private void attach(MediaStreamTrack track) {
    if (closed || audio == null || remoteTrack != null || !(track instanceof AudioTrack)) {
      return;
    }
    remoteTrack = (AudioTrack) track;
    remoteTrack.addSink(audio);
  }

  private CreateSessionDescriptionObserver described(Consumer<RTCSessionDescription> next) {
    return new CreateSessionDescriptionObserver() {
      @Override
      public void onSuccess(RTCSessionDescription description) {
        device.post(() -> {
          if (!closed) {
            next.accept(description);
          }
        });
      }

      @Override
      public void onFailure(String error) {
        LOG.warn("{}: creating the {} description for {} failed: {}", device.localUserId(),
            direction == LinkDirection.OUTGOING ? "offer" : "answer", remote, error);
      }
    };
  }

  private SetSessionDescriptionObserver applied(String what, Runnable next) {
    return new SetSessionDescriptionObserver() {
      @Override
      public void onSuccess() {
        device.post(() -> {
          if (!closed) {
            next.run();
          }
        });
      }

      @Override
      public void onFailure(String error) {
        LOG.warn("{}: applying the {} ({} link with {}) failed: {}", device.localUserId(), what,
            direction, remote, error);
      }
    };
  }

  /** Native callbacks: each posts to the signal thread and touches no state here. */
  private final class Observer implements PeerConnectionObserver {

    @Override
    public void onIceCandidate(RTCIceCandidate candidate) {
      if (candidate == null || candidate.sdp == null) {
        return;
      }
      String loopback = IceCandidates.toLoopback(candidate.sdp);
      if (loopback != null) {
        device.post(() -> {
          if (!closed) {
            device.signalCandidate(Link.this, loopback, candidate.sdpMid, candidate.sdpMLineIndex);
          }
        });
      }
    }

    @Override
    public void onConnectionChange(RTCPeerConnectionState newState) {
      device.post(() -> {
        if (!closed) {
          state = newState;
          device.linkStateChanged(Link.this);
        }
      });
    }

    @Override
    public void onTrack(RTCRtpTransceiver transceiver) {
      MediaStreamTrack track = transceiver.getReceiver().getTrack();
      device.post(() -> attach(track));
    }
  }
}
