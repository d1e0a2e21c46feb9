package io.callfarm.interop;

import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.call.CallbackNames;
import io.callfarm.engine.call.Flavour;
import java.util.function.Predicate;

/**
 * Each flavour's words for the neutral {@link Term}s: the callback it fires (from {@link CallbackNames}, the
 * same table its component uses), as a matcher over its events and as the signature a report shows. The
 * browser client ({@code web}) speaks the reference (iOS v4) names and follows its rules.
 */
final class Vocabulary {

  private Vocabulary() {
  }

  /** What {@code flavour} fires for {@code term} about {@code other} (null for terms that name nobody). */
  static Expected of(String flavour, Term term, String other) {
    CallbackNames n = names(flavour);
    boolean tui = n.beginsAndNotConnected();
    return switch (term) {
      case RINGS -> prefix(n.invited() + "(" + other + ",");
      case SEES_JOIN -> exact(n.userEnter() + "(" + other + ")");
      case SEES_LEAVE -> exact(n.userLeave() + "(" + other + ")");
      case TOLD_REJECTED -> exact(n.rejected() + "(" + other + ")");
      case TOLD_DECLINED -> exact((flavour(flavour).rejectsUnansweredHangup() ? n.rejected() : n.noResponse())
          + "(" + other + ")");
      case TOLD_NO_ANSWER -> exact(n.noResponse() + "(" + other + ")");
      case TOLD_BUSY -> exact(n.lineBusy() + "(" + other + ")");
      case TOLD_CANCELLED -> exact(tui ? n.callingCancel() + "(canceled)" : n.callingCancel());
      case TOLD_TIMEOUT -> exact(tui ? n.callingTimeout() + "(noResponse)" : n.callingTimeout());
      case CALL_ENDS -> tui ? new Expected(n.callEnd() + "(...) or onCallNotConnected(...)",
          e -> e.name().equals(n.callEnd()) || e.name().equals("onCallNotConnected"))
          : exact(n.callEnd());
    };
  }

  private static CallbackNames names(String flavour) {
    return flavour(flavour).names();
  }

  /** The Java flavour whose rules {@code flavour} follows (the browser client follows iOS v4's). */
  private static Flavour flavour(String flavour) {
    return Flavour.WEB.equals(flavour) ? Flavour.IOS_V4 : Flavour.of(flavour);
  }

  private static Expected exact(String signature) {
    return new Expected(signature, e -> e.signature().equals(signature));
  }

  private static Expected prefix(String start) {
    return new Expected(start + "...)", e -> e.signature().startsWith(start));
  }

  /** One flavour's form of a term: how it reads and how to recognise it. */
  record Expected(String shown, Predicate<CallEvent> matches) {
  }
}
