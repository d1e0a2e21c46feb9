package io.callfarm.engine.call;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A delegate that records every callback with its time, so tests and scenarios can assert what a
 * device saw, in which order and how fast. Waits poll nothing: they block on the log's monitor until
 * a matching event arrives or the deadline passes. Thread-safe.
 */
public final class EventLog implements AudioCallDelegate, CallListener {
  private final List<CallEvent> events = new ArrayList<>();
  private final boolean recordVolume;

  /** @param recordVolume whether to keep the 300 ms {@code onUserVoiceVolume} reports */
  public EventLog(boolean recordVolume) {
    this.recordVolume = recordVolume;
  }

  public EventLog() {
    this(false);
  }

  /** A snapshot of all events so far, oldest first. */
  public synchronized List<CallEvent> events() {
    return List.copyOf(events);
  }

  /** The event signatures so far, e.g. {@code [onInvited(alice,[],false), onCallingCancel]}. */
  public synchronized List<String> signatures() {
    return events.stream().map(CallEvent::signature).toList();
  }

  /**
   * Waits until an event matching {@code match} has been recorded (also one recorded before the call)
   * and returns the first such event, or empty at the deadline.
   */
  public Optional<CallEvent> await(Predicate<CallEvent> match, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (true) {
        for (CallEvent e : events) {
          if (match.test(e)) {
            return Optional.of(e);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Optional.empty();
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
  }

  /** Waits for an event with this exact signature, e.g. {@code onUserEnter(bob)}. */
  public Optional<CallEvent> await(String signature, Duration timeout) throws InterruptedException {
    return await(e -> e.signature().equals(signature), timeout);
  }

  /**
   * Records an event observed outside this JVM's component (a browser's or a phone's log), keeping
   * its original time.
   */
  public synchronized void append(CallEvent event) {
    events.add(event);
    notifyAll();
  }

  public synchronized void clear() {
    events.clear();
  }

  /** A callback under any flavour's name (lists as {@code [a,b]}, maps as {@code {a=1}}). */
  @Override
  public void on(String callback, Object... args) {
    if (!recordVolume && (callback.equals("onUserVoiceVolume") || callback.equals("onUserVoiceVolumeChanged"))) {
      return;
    }
    add(callback, args);
  }

  private synchronized void add(String name, Object... args) {
    List<String> rendered = new ArrayList<>(args.length);
    for (Object arg : args) {
      rendered.add(arg instanceof List<?> list
          ? "[" + String.join(",", list.stream().map(String::valueOf).toList()) + "]"
          : arg instanceof java.util.Map<?, ?> map ? new java.util.TreeMap<>(map).toString()
          : String.valueOf(arg));
    }
    events.add(new CallEvent(name, rendered, System.nanoTime(), System.currentTimeMillis()));
    notifyAll();
  }

  @Override
  public void onError(int code, String message) {
    add("onError", code, message);
  }

  @Override
  public void onInvited(String sponsor, List<String> userIds, boolean isFromGroup) {
    add("onInvited", sponsor, userIds, isFromGroup);
  }

  @Override
  public void onGroupCallInviteeListUpdate(List<String> userIds) {
    add("onGroupCallInviteeListUpdate", userIds);
  }

  @Override
  public void onUserEnter(String userId) {
    add("onUserEnter", userId);
  }

  @Override
  public void onUserLeave(String userId) {
    add("onUserLeave", userId);
  }

  @Override
  public void onUserAudioAvailable(String userId, boolean available) {
    add("onUserAudioAvailable", userId, available);
  }

  @Override
  public void onUserVoiceVolume(String userId, int volume) {
    if (recordVolume) {
      add("onUserVoiceVolume", userId, volume);
    }
  }

  @Override
  public void onReject(String userId) {
    add("onReject", userId);
  }

  @Override
  public void onNoResp(String userId) {
    add("onNoResp", userId);
  }

  @Override
  public void onLineBusy(String userId) {
    add("onLineBusy", userId);
  }

  @Override
  public void onCallingCancel() {
    add("onCallingCancel");
  }

  @Override
  public void onCallingTimeOut() {
    add("onCallingTimeOut");
  }

  @Override
  public void onCallEnd() {
    add("onCallEnd");
  }
}
