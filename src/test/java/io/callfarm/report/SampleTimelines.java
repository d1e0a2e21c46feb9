package io.callfarm.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Call timelines shaped like the scenarios produce, for chart tests and the rendered samples. */
final class SampleTimelines {

  private SampleTimelines() {}

  /** A 1v1 call: alice calls bob, bob accepts, alice hangs up; one step failed. */
  static CallTimeline oneToOne() {
    return new CallTimeline("1v1 call-accept-hangup", 1_764_000_000_000L,
        List.of(
            new Lane("virtual-1", "virtual", "alice", List.of(
                new TimedEvent(1830, "onUserEnter(bob)", true),
                new TimedEvent(1835, "onUserAudioAvailable(bob,true)", true),
                new TimedEvent(5020, "onCallEnd()", true))),
            new Lane("pixel-7-1", "appium", "bob", List.of(
                new TimedEvent(42, "onInvited(alice,[bob],false)", true),
                new TimedEvent(5040, "onUserLeave(alice)", false)))),
        List.of(
            new Mark(0, "alice: call bob", false),
            new Mark(1500, "bob: accept", false),
            new Mark(5000, "alice: hangup", true)));
  }

  /** {@code lanes} devices and {@code events} callbacks spread over bursts, with some unexpected ones. */
  static CallTimeline group(int lanes, int events, long seed) {
    Random r = new Random(seed);
    String[] kinds = {"virtual", "browser", "appium"};
    String[] users = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan"};
    String invited = String.join(",", List.of(users).subList(1, lanes));
    List<List<TimedEvent>> perLane = new ArrayList<>();
    for (int i = 0; i < lanes; i++) {
      perLane.add(new ArrayList<>());
    }
    long[] bursts = {30, 2200, 2600, 9000, 15000};
    String[] names = {"onInvited(alice,[" + invited + "],true)", "onUserEnter(%s)", "onReject(%s)",
        "onUserAudioAvailable(%s,true)", "onUserLeave(%s)", "onNoResp(%s)", "onCallEnd()",
        "onGroupCallInviteeListUpdate([%s])"};
    for (int k = 0; k < events; k++) {
      int lane = r.nextInt(lanes);
      long at = bursts[r.nextInt(bursts.length)] + r.nextInt(120);
      String who = users[r.nextInt(lanes)];
      String sig = String.format(names[r.nextInt(names.length)], who);
      perLane.get(lane).add(new TimedEvent(at, sig, r.nextInt(7) != 0));
    }
    List<Lane> ls = new ArrayList<>();
    for (int i = 0; i < lanes; i++) {
      ls.add(new Lane("device-" + (i + 1) + "-" + kinds[i % 3], kinds[i % 3], users[i], perLane.get(i)));
    }
    List<Mark> marks = List.of(
        new Mark(0, "alice: groupCall " + invited, false),
        new Mark(2000, "bob: accept", false),
        new Mark(2500, "carol: reject", false),
        new Mark(2550, "expect onReject(carol) at all within 1 s", true),
        new Mark(15000, "alice: hangup", false));
    return new CallTimeline("group call " + lanes + " devices, " + events + " events", 1_764_000_000_000L, ls,
        marks);
  }
}
