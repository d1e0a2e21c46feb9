package io.callfarm.interop;

import io.callfarm.farm.browser.BrowserConfig;
import io.callfarm.farm.browser.BrowserSession;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Headless Chromium sessions of the web client, started once and lent to matrix cells one party at a time: a
 * browser start costs seconds, a login a few milliseconds. A returned session is logged out; one that broke
 * is closed and replaced. At most {@code size} exist. Closing stops every browser.
 */
final class BrowserPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BrowserPool.class);

  private final URI webClient;
  private final BrowserConfig config;
  private final int size;
  private final Deque<BrowserSession> idle = new ArrayDeque<>();
  private final List<BrowserSession> all = new ArrayList<>();

  BrowserPool(URI webClient, Duration invitationTimeout, int size) {
    this.webClient = webClient;
    this.config = BrowserConfig.defaults().withInvitationTimeout(invitationTimeout);
    this.size = size;
  }

  /** A logged-out session; waits up to a minute for one to come back when all are lent. */
  synchronized BrowserSession take() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (idle.isEmpty() && all.size() >= size) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException("all " + size + " browsers of the matrix are busy for a minute");
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    if (!idle.isEmpty()) {
      return idle.pop();
    }
    BrowserSession session = BrowserSession.open(webClient, config);
    all.add(session);
    return session;
  }

  /** Takes a session back: logged out, or replaced when it no longer works. */
  void give(BrowserSession session) {
    boolean ok;
    try {
      if (session.userId() != null || !"login".equals(session.screen())) {
        session.invoke("logout");
      }
      ok = session.isAlive();
    } catch (RuntimeException e) {
      LOG.warn("a matrix browser could not log out ({}); replacing it", e.getMessage());
      ok = false;
    }
    synchronized (this) {
      if (ok) {
        idle.push(session);
      } else {
        all.remove(session);
        session.close();
      }
      notifyAll();
    }
  }

  @Override
  public synchronized void close() {
    all.forEach(BrowserSession::close);
    all.clear();
    idle.clear();
  }
}
