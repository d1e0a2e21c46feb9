/**
 * Real WebRTC audio for one device in a call (webrtc-java, Opus): one one-way peer connection per direction
 * and remote, a virtual microphone ({@link io.callfarm.engine.media.MicSource}) and a virtual speaker that records
 * what the device hears. Depends only on webrtc-java, Jackson (signalling payloads) and SLF4J, on nothing else in the project.
 */
package io.callfarm.engine.media;
