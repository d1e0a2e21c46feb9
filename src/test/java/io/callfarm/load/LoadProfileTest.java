package io.callfarm.load;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.time.Duration;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/** Option validation: every bad value is refused with a message naming the option. */
public class LoadProfileTest {

  private static LoadProfile profile(int users, double cps, double duration, double ramp,
      double group, double media, double talk, double timeout) {
    return new LoadProfile(users, cps, seconds(duration), seconds(ramp), group, media,
        AnswerMode.ACCEPT, seconds(talk), seconds(timeout), 2, 1);
  }

  private static Duration seconds(double s) {
    return Duration.ofMillis(Math.round(s * 1000));
  }

  @DataProvider
  public Object[][] invalid() {
    return new Object[][] {
        {(Runnable) () -> profile(1, 1, 10, 0, 0, 0, 1, 5), "--users must be at least 2"},
        {(Runnable) () -> profile(10, 0, 10, 0, 0, 0, 1, 5), "--cps must be a positive"},
        {(Runnable) () -> profile(10, -3, 10, 0, 0, 0, 1, 5), "--cps must be a positive"},
        {(Runnable) () -> profile(10, 11, 10, 0, 0, 0, 1, 5), "--cps 11.0 exceeds --users 10"},
        {(Runnable) () -> profile(10, 5, 0, 0, 0, 0, 1, 5), "--duration must be a positive"},
        {(Runnable) () -> profile(10, 5, 10, -1, 0, 0, 1, 5), "--ramp must be 0 or more"},
        {(Runnable) () -> profile(10, 5, 10, 11, 0, 0, 1, 5), "--ramp 11.0 s is longer"},
        {(Runnable) () -> profile(10, 5, 10, 0, 1.5, 0, 1, 5), "--group-share must be a share"},
        {(Runnable) () -> profile(10, 5, 10, 0, 0, -0.1, 1, 5), "--media-share must be a share"},
        {(Runnable) () -> profile(10, 5, 10, 0, 0, 0, -1, 5), "--talk must be 0 or more"},
        {(Runnable) () -> profile(10, 5, 10, 0, 0, 0.5, 9.9, 5), "--media-share needs --talk of at least 10.0 s"},
        {(Runnable) () -> profile(10, 5, 10, 0, 0, 0, 1, 0), "--timeout must be a positive"},
        {(Runnable) () -> AnswerMode.parse("maybe"), "--answer must be accept, reject, mixed"},
    };
  }

  @Test(dataProvider = "invalid")
  public void refusesWithAMessageNamingTheOption(Runnable build, String message) {
    IllegalArgumentException e = expectThrows(IllegalArgumentException.class, build::run);
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }

  @Test
  public void drainDeadlineCoversTimeoutTalkAndMargin() {
    LoadProfile p = profile(10, 5, 10, 2, 0.5, 0, 3, 7);
    assertEquals(p.drainDeadline(), Duration.ofSeconds(20));
    assertEquals(AnswerMode.parse(" Mixed "), AnswerMode.MIXED);
  }

  @Test
  public void audioCallsTalkLongEnoughForTheMicrophonesWarmUpAndAClip() {
    assertEquals(profile(10, 5, 10, 0, 0, 0.5, 10, 5).talk(), Duration.ofSeconds(10));
    assertEquals(profile(10, 5, 10, 0, 0, 0, 2, 5).talk(), Duration.ofSeconds(2), "no audio: any talk");
  }
}
