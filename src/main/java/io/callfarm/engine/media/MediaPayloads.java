package io.callfarm.engine.media;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the signalling payloads exchanged between {@link DeviceMedia} instances. Every payload names the one-way
 * link it belongs to by {@code audioFrom}: the user whose microphone that link carries.
 */
final class MediaPayloads {

  static final String TYPE = "type";
  static final String AUDIO_FROM = "audioFrom";
  static final String SDP = "sdp";
  static final String MUTED = "muted";
  static final String CANDIDATE = "candidate";
  static final String SDP_MID = "sdpMid";
  static final String SDP_M_LINE_INDEX = "sdpMLineIndex";
  /**
   * In an answer: what clock the receiver plays out on. {@value #HEADLESS} is a virtual device's headless
   * playout thread (slower than real time, see {@link PlayoutClock}); absent, a device on the real clock (the web
   * client in Chromium, on a desktop or a phone).
   */
  static final String PLAYOUT = "playout";
  static final String HEADLESS = "headless";

  static final String OFFER = "offer";
  static final String ANSWER = "answer";
  static final String MUTE = "mute";

  private MediaPayloads() {
  }

  /** {@code {"type":"offer","audioFrom":<sender>,"sdp":<offer>,"muted":<bool>}}. */
  static ObjectNode offer(String audioFrom, String sdp, boolean muted) {
    return base(OFFER, audioFrom).put(SDP, sdp).put(MUTED, muted);
  }

  /** {@code {"type":"answer","audioFrom":<the offerer>,"sdp":<answer>,"playout":"headless"}} (a virtual device's). */
  static ObjectNode answer(String audioFrom, String sdp) {
    return base(ANSWER, audioFrom).put(SDP, sdp).put(PLAYOUT, HEADLESS);
  }

  /** {@code {"type":"candidate","audioFrom":..,"candidate":"candidate:..","sdpMid":"0","sdpMLineIndex":0}}. */
  static ObjectNode candidate(String audioFrom, String candidate, String sdpMid, int sdpMLineIndex) {
    return base(CANDIDATE, audioFrom).put(CANDIDATE, candidate).put(SDP_MID, sdpMid)
        .put(SDP_M_LINE_INDEX, sdpMLineIndex);
  }

  /** {@code {"type":"mute","audioFrom":<sender>,"muted":<bool>}}. */
  static ObjectNode mute(String audioFrom, boolean muted) {
    return base(MUTE, audioFrom).put(MUTED, muted);
  }

  private static ObjectNode base(String type, String audioFrom) {
    return JsonNodeFactory.instance.objectNode().put(TYPE, type).put(AUDIO_FROM, audioFrom);
  }
}
