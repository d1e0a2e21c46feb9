package io.callfarm.farm.grid;

import static io.callfarm.engine.EngineHarness.user;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.callfarm.engine.EngineHarness;
import io.callfarm.farm.browser.BrowserConfig;
import io.callfarm.farm.browser.BrowserSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Browser devices routed through a Selenium Grid 4 standalone (its own jars and classpath, a child
 * process): two browsers the Grid started call each other on the real engine.
 */
@Test(groups = "integration", timeOut = 60_000)
public class SeleniumGridIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Duration PROMPT = Duration.ofSeconds(5);

  private EngineHarness farm;
  private SeleniumGrid grid;

  @BeforeClass
  public void start() throws Exception {
    farm = new EngineHarness(TIMEOUT);
    grid = SeleniumGrid.start(Path.of("target/grid"), 2, Duration.ofSeconds(30));
  }

  @AfterClass(alwaysRun = true)
  public void stop() throws Exception {
    try {
      if (grid != null) {
        grid.close();
      }
    } finally {
      farm.close();
    }
    List<String> left = ProcessHandle.current().descendants()
        .map(p -> p.pid() + " " + p.info().command().orElse("?"))
        .filter(p -> p.contains("chrom") || p.contains("java")).toList();
    assertTrue(left.isEmpty(), "processes left running after the class: " + left);
  }

  @Test
  public void twoGridBrowsersCallAcceptAndHangUp() throws Exception {
    String a = user("gridalice");
    String b = user("gridbob");
    BrowserConfig config = BrowserConfig.defaults().withInvitationTimeout(TIMEOUT);
    try (BrowserSession alice = BrowserSession.open(farm.engine().webUri(), config, grid.url());
         BrowserSession bob = BrowserSession.open(farm.engine().webUri(), config, grid.url())) {
      alice.login(a);
      bob.login(b);
      alice.call(b);
      bob.expect("onInvited(" + a + ",[],false)", PROMPT);
      bob.accept();
      alice.expect("onUserEnter(" + b + ")", PROMPT);
      bob.expect("onUserEnter(" + a + ")", PROMPT);
      alice.hangup();
      bob.expect("onCallEnd", PROMPT);
      assertEquals(callFlow(bob.signatures()), List.of("onInvited(" + a + ",[],false)",
          "onUserEnter(" + a + ")", "onUserLeave(" + a + ")", "onCallEnd"), "bob saw " + bob.signatures());
      assertEquals(callFlow(alice.signatures()), List.of("onUserEnter(" + b + ")"),
          "alice saw " + alice.signatures());
      assertTrue(grid.log().contains("Session created"), "the Grid's log shows no session: " + grid.log());
    }
  }

  /** Without the audio callbacks, which depend on WebRTC timing. */
  private static List<String> callFlow(List<String> signatures) {
    return signatures.stream().filter(s -> !s.startsWith("onUserAudioAvailable")).toList();
  }
}
