package io.callfarm.engine.media;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;

/**
 * One device's receive-only stack: a {@link PeerConnectionFactory} on its own {@link HeadlessAudioDeviceModule},
 * whose playout thread pulls decoded audio through the remote tracks' sinks at real-time pace. Playout is started
 * once the first incoming connection has its remote description (started before that, webrtc-java 0.14.0 delivers
 * no frames). Used and closed on the engine's signal thread only; closed by its {@link DeviceMedia}.
 */
final class ReceiveSide implements AutoCloseable {

  private final HeadlessAudioDeviceModule deviceModule = new HeadlessAudioDeviceModule();
  private final PeerConnectionFactory factory = new PeerConnectionFactory(deviceModule);
  private boolean playing;

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
