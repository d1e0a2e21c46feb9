package io.callfarm.report;

import io.callfarm.quality.PcmAudio;
import io.qameta.allure.Allure;
import java.util.List;
import org.testng.annotations.Test;

/**
 * Scenario-shaped tests that {@link AllureReportIT} runs with TestNG inside itself to get real allure-testng
 * results: one passes with every kind of attachment, one fails in a step. Group {@code fixture} keeps the suites
 * from running it directly.
 */
@Test(groups = "fixture")
public class AllureFixture {

  static final String FAILED_STEP = "expect onReject(carol) at alice within 1 s";

  public void oneToOneCall() {
    Allure.step("alice: call bob", () -> Attachments.text("engine log", "login alice ok\nlogin bob ok\n"));
    Allure.step("bob: accept");
    Allure.step("alice: hangup", () -> {
      Attachments.timeline(SampleTimelines.oneToOne());
      Attachments.plots("bob hears alice", tone());
      Attachments.metrics(List.of(new CallMetrics("call-1", "1v1", List.of("virtual-1", "pixel-7-1"), 212.0, 148.0,
          4.2, 4.3, 0.0, 2.1)));
    });
  }

  public void rejectFanout() {
    Allure.step("alice: groupCall bob,carol");
    Allure.step("carol: reject");
    Attachments.timeline(SampleTimelines.group(3, 12, 5));
    Allure.step(FAILED_STEP, () -> {
      throw new AssertionError("no onReject(carol) at alice within 1000 ms; alice saw: onUserEnter(bob) at 2210 ms");
    });
  }

  private static PcmAudio tone() {
    float[] s = new float[16_000];
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / 16_000.0));
    }
    return new PcmAudio(16_000, s);
  }
}
