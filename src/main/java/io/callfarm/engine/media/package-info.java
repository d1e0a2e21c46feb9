/**
 * Real WebRTC audio for one device in a call (webrtc-java, Opus): one one-way peer connection per direction
 * and remote, a virtual microphone ({@link io.callfarm.engine.media.MicSource}) and a virtual speaker that records
 * what the device hears; {@link io.callfarm.engine.media.WebRtcCallMedia} attaches it to the call component, the
 * {@link io.callfarm.engine.net.NetworkFabric} impairs its paths and {@link io.callfarm.engine.media.MouthToEar}
 * measures what arrived. Depends on webrtc-java, Jackson, SLF4J, {@code engine.call}, {@code engine.net} and
 * {@code quality}.
 */
package io.callfarm.engine.media;
