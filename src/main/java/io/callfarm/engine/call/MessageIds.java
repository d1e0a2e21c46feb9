package io.callfarm.engine.call;

import java.util.LinkedHashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * The last {@value #CAPACITY} message ids a component received, to drop a message the server
 * delivered again (at-least-once delivery after a reconnection). Bounded; used on the component's
 * event thread only.
 */
final class MessageIds {
  static final int CAPACITY = 4096;
  private final Set<Long> ids = new LinkedHashSet<>();

  /** Records the id; false when it was seen already. */
  boolean add(long id) {
    if (!ids.add(id)) {
      return false;
    }
    if (ids.size() > CAPACITY) {
      Iterator<Long> oldest = ids.iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }
}
