package io.callfarm.engine.call;

import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.callfarm.engine.Engine;
import io.callfarm.engine.EngineConfig;
import io.callfarm.scratch.Scratch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.testng.annotations.AfterClass;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Quirks of each flavour that the matrix scenarios do not name, on the real engine: TUICallKit's
 * {@code ignore()} (stops ringing without rejecting; the caller hears no answer at the timeout) and its
 * refusal in a flavour that has none; the Android v4 callee's silent hangup against the iOS reject; the IM
 * generations' busy answer.
 */
@Test(groups = "integration")
public class FlavourQuirksIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private static final AtomicInteger RUN = new AtomicInteger();

  private Engine engine;
  private ClientRuntime runtime;
  private final List<AudioCallClient> clients = new ArrayList<>();

  @BeforeClass
  public void start() throws Exception {
    engine = Engine.start(EngineConfig.defaults(Scratch.folder("callfarm-quirks-").resolve("e.db")));
    runtime = ClientRuntime.start(2);
  }

  @AfterMethod(alwaysRun = true)
  public void closeClients() {
    clients.forEach(AudioCallClient::destroy);
    clients.clear();
  }

  @AfterClass(alwaysRun = true)
  public void stop() throws Exception {
    if (runtime != null) {
      runtime.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  @Test(timeOut = 30_000)
  public void tuiCallKitIgnoreStopsRingingAndTheCallerHearsNoAnswer() throws Exception {
    String tag = "q" + RUN.incrementAndGet() + "-";
    EventLog alice = new EventLog();
    EventLog bob = new EventLog();
    AudioCallClient a = client(Flavour.TUICALLKIT, tag + "alice", alice);
    AudioCallClient b = client(Flavour.TUICALLKIT, tag + "bob", bob);
    a.call(tag + "bob");
    assertTrue(bob.await(e -> e.name().equals("onCallReceived"), Duration.ofSeconds(5)).isPresent(),
        "bob rings: " + bob.signatures());
    b.ignore();
    assertTrue(alice.await("onUserNoResponse(" + tag + "bob)", TIMEOUT.plusSeconds(4)).isPresent(),
        "alice hears no answer at the timeout: " + alice.signatures());
    assertFalse(alice.signatures().contains("onUserReject(" + tag + "bob)"), "an ignore is no reject");
    assertFalse(bob.signatures().stream().anyMatch(s -> s.startsWith("onError")), bob.signatures().toString());
  }

  @Test(timeOut = 30_000)
  public void aFlavourWithoutIgnoreRefusesItWithACode() throws Exception {
    String tag = "q" + RUN.incrementAndGet() + "-";
    EventLog bob = new EventLog();
    AudioCallClient b = client(Flavour.IOS_V4, tag + "bob", bob);
    AudioCallClient a = client(Flavour.IOS_V4, tag + "alice", new EventLog());
    a.call(tag + "bob");
    assertTrue(bob.await(e -> e.name().equals("onInvited"), Duration.ofSeconds(5)).isPresent(), bob.signatures()
        .toString());
    b.ignore();
    assertTrue(bob.await(e -> e.name().equals("onError") && e.signature().contains("no ignore()"),
        Duration.ofSeconds(5)).isPresent(), bob.signatures().toString());
    b.accept();
    assertTrue(bob.await(e -> e.name().equals("onUserEnter"), Duration.ofSeconds(5)).isPresent(),
        "the invitation still rang and could be accepted: " + bob.signatures());
  }

  @Test(timeOut = 30_000)
  public void anAndroidV4CalleesHangupWhileRingingSendsNoRejectWhereIosRejects() throws Exception {
    String tag = "q" + RUN.incrementAndGet() + "-";
    EventLog fromAndroid = new EventLog();
    EventLog fromIos = new EventLog();
    AudioCallClient a1 = client(Flavour.ANDROID_V4, tag + "a1", fromAndroid);
    AudioCallClient a2 = client(Flavour.ANDROID_V4, tag + "a2", fromIos);
    EventLog androidCallee = new EventLog();
    EventLog iosCallee = new EventLog();
    AudioCallClient androidBob = client(Flavour.ANDROID_V4, tag + "abob", androidCallee);
    AudioCallClient iosBob = client(Flavour.IOS_V4, tag + "ibob", iosCallee);
    a1.call(tag + "abob");
    a2.call(tag + "ibob");
    assertTrue(androidCallee.await(e -> e.name().equals("onInvited"), Duration.ofSeconds(5)).isPresent());
    assertTrue(iosCallee.await(e -> e.name().equals("onInvited"), Duration.ofSeconds(5)).isPresent());
    androidBob.hangup();
    iosBob.hangup();
    assertTrue(fromIos.await("onReject(" + tag + "ibob)", Duration.ofSeconds(2)).isPresent(),
        "the iOS callee rejects at once: " + fromIos.signatures());
    assertTrue(fromAndroid.await("onNoResp(" + tag + "abob)", TIMEOUT.plusSeconds(4)).isPresent(),
        "the Android callee's caller waits for the timeout: " + fromAndroid.signatures());
    assertFalse(fromAndroid.signatures().contains("onReject(" + tag + "abob)"), fromAndroid.signatures().toString());
  }

  @Test(timeOut = 30_000)
  public void anImCallerWhoHangsUpBeforeTheInvitationsAckStillCancelsIt() throws Exception {
    for (Flavour flavour : java.util.List.of(Flavour.TRTCCALLING, Flavour.TUICALLKIT)) {
      String tag = "q" + RUN.incrementAndGet() + "-";
      EventLog bob = new EventLog();
      AudioCallClient a = client(flavour, tag + "alice", new EventLog());
      client(flavour, tag + "bob", bob);
      a.call(tag + "bob");
      a.hangup();   // queued right behind the call: the invitation's ack (its inviteId) has not come back yet
      String cancelled = flavour.names().callingCancel() + (flavour.canIgnore() ? "(canceled)" : "");
      assertTrue(bob.await(cancelled, TIMEOUT.minusMillis(500)).isPresent(),
          flavour + ": bob is told it was cancelled before the server's timeout: " + bob.signatures());
    }
  }

  private AudioCallClient client(Flavour flavour, String user, EventLog log) throws Exception {
    AudioCallClient c = new AudioCallClient(ClientConfig.of(engine.signallingUri()).withInvitationTimeout(TIMEOUT),
        runtime, CallMedia.NONE, flavour);
    clients.add(c);
    c.setListener(log);
    c.setup();
    c.login(engine.sdkAppId(), user, engine.userSig(user, Duration.ofHours(1))).get(15, TimeUnit.SECONDS);
    return c;
  }
}
