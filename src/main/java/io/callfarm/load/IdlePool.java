package io.callfarm.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * The logged-in users not in a call, oldest-idle first (so a user rests before its next call). A
 * user taken from the pool is in no other call until it is offered back: pairs never collide.
 * Bounded by the number of users; thread-safe.
 */
final class IdlePool {
  private final ArrayBlockingQueue<VirtualUser> idle;

  IdlePool(int capacity) {
    this.idle = new ArrayBlockingQueue<>(capacity);
  }

  void offer(VirtualUser user) {
    if (!idle.offer(user)) {
      throw new IllegalStateException("idle pool over capacity: " + user.id() + " released twice");
    }
  }

  /** Takes {@code count} idle users, or none (returning what it took) when fewer are idle. */
  List<VirtualUser> take(int count) {
    List<VirtualUser> taken = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      VirtualUser user = idle.poll();
      if (user == null) {
        taken.forEach(this::offer);
        return List.of();
      }
      taken.add(user);
    }
    return taken;
  }
}
