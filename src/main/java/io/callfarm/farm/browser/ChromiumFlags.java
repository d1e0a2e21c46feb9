package io.callfarm.farm.browser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Chromium command line of a browser device: the flags verified on this kind of machine (DESIGN
 * §4) and nothing else but the per-session profile, fake microphone file and window size. Without the
 * loopback/host-resolver/mDNS flags Chromium sends ~85 DNS queries to outside hosts per run and hides
 * its candidates behind mDNS names the engine cannot resolve.
 */
final class ChromiumFlags {
  /** DESIGN §4, verified with Chromium 156. */
  static final List<String> VERIFIED = List.of(
      "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
      "--autoplay-policy=no-user-gesture-required", "--allow-loopback-in-peer-connection",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
      "--disable-features=WebRtcHideLocalIpsWithMdns,MediaRouter");

  private ChromiumFlags() {}

  /** The full argument list for one session. */
  static List<String> forSession(BrowserConfig config, Path userDataDir) {
    List<String> args = new ArrayList<>(VERIFIED);
    args.add("--user-data-dir=" + userDataDir.toAbsolutePath());
    if (config.fakeMicrophone() != null) {
      args.add("--use-file-for-fake-audio-capture=" + config.fakeMicrophone().toAbsolutePath());
    }
    args.add("--window-size=" + config.width() + "," + config.height());
    return args;
  }
}
