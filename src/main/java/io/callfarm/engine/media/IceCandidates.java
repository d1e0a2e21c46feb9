package io.callfarm.engine.media;

/**
 * Keeps media on loopback. webrtc-java 0.14.0 exposes no network-ignore mask, and libwebrtc skips the loopback
 * adapter when enumerating; with adapter enumeration disabled it binds its UDP sockets to the wildcard address
 * and advertises them under the default-route address (e.g. {@code 192.0.2.2}). Those sockets also answer on
 * 127.0.0.1, so each local IPv4 UDP host candidate is re-addressed to 127.0.0.1 before it is signalled; every
 * other candidate (IPv6, TCP, srflx, relay) is dropped.
 */
final class IceCandidates {

  private IceCandidates() {
  }

  /**
   * Returns {@code candidate} (an SDP {@code candidate:} attribute value) with its address replaced by
   * {@code 127.0.0.1}, or {@code null} if it is not an RTP-component IPv4 UDP host candidate.
   */
  static String toLoopback(String candidate) {
    String[] f = candidate.trim().split(" ");
    if (f.length < 8 || !f[1].equals("1") || !f[2].equalsIgnoreCase("udp") || !f[6].equals("typ")
        || !f[7].equals("host") || f[4].indexOf('.') < 0 || f[4].indexOf(':') >= 0) {
      return null;
    }
    f[4] = "127.0.0.1";
    return String.join(" ", f);
  }
}
