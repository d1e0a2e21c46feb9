package io.callfarm.engine.media;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;

/**
 * A receive-only stack shared by many incoming connections: a {@link PeerConnectionFactory} (its network, worker
 * and signalling threads) on one {@link HeadlessAudioDeviceModule}, whose playout thread pulls every connection's
 * decoded audio through the audio mixer at real-time pace, each remote track's sink getting its own stream's
 * frames. Playout is started once the first incoming connection has its remote description (started before that,
 * webrtc-java 0.14.0 delivers no frames). Counts the connections it carries so {@link ReceiveSides} can spread them.
 * Used and closed on the engine's signal thread only.
 */
final class ReceiveSide implements AutoCloseable {

  private final HeadlessAudioDeviceModule deviceModule = new HeadlessAudioDeviceModule();
  private final PeerConnectionFactory factory = new PeerConnectionFactory(deviceModule);
  private boolean playing;
  private int connections;

  PeerConnectionFactory factory() {
    return factory;
  }

  /** Starts playout if not started yet. */
  void ensurePlayout() {
    if (!playing) {
      deviceModule.initPlayout();
      deviceModule.startPlayout();
      playing = true;
    }
  }

  int connections() {
    return connections;
  }

  void connectionOpened() {
    connections++;
  }

  void connectionClosed() {
    connections--;
  }

  /** Stops playout and disposes the factory and device module; every connection must be closed before. */
  @Override
  public void close() {
    if (playing) {
      deviceModule.stopPlayout();
      playing = false;
    }
    factory.dispose();
    deviceModule.dispose();
  }
}
