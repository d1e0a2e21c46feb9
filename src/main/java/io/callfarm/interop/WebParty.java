package io.callfarm.interop;

import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.call.Flavour;
import io.callfarm.farm.browser.BrowserSession;
import java.util.List;

/**
 * A party that is the browser client (flavour {@code web}) in a headless Chromium borrowed from a
 * {@link BrowserPool}; its actions go through the page's call component ({@code window.callfarm.api}).
 */
final class WebParty implements Party {
  private final BrowserPool pool;
  private final BrowserSession session;
  private final int firstEvent;

  WebParty(BrowserPool pool) throws Exception {
    this.pool = pool;
    this.session = pool.take();
    this.firstEvent = session.events().size();
  }

  @Override
  public String flavour() {
    return Flavour.WEB;
  }

  @Override
  public void login(String userId) {
    session.invoke("login", userId);
  }

  @Override
  public void act(String verb, List<String> userIds) {
    switch (verb) {
      case "call" -> session.invoke("call", userIds.get(0));
      case "groupCall" -> session.invoke("groupCall", userIds, null);
      case "accept", "reject", "hangup" -> session.invoke(verb);
      default -> throw new IllegalArgumentException("unknown action " + verb);
    }
  }

  @Override
  public List<CallEvent> events() {
    List<CallEvent> all = session.events();
    return all.subList(Math.min(firstEvent, all.size()), all.size());
  }

  @Override
  public void close() {
    pool.give(session);
  }
}
