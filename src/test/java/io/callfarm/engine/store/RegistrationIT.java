package io.callfarm.engine.store;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.expectThrows;

import io.callfarm.engine.Engine;
import io.callfarm.engine.EngineConfig;
import io.callfarm.engine.auth.AppSecret;
import io.callfarm.engine.auth.UserSigIssuer;
import io.callfarm.engine.call.AudioCallClient;
import io.callfarm.engine.call.CallException;
import io.callfarm.engine.call.CallMedia;
import io.callfarm.engine.call.ClientConfig;
import io.callfarm.engine.call.ClientRuntime;
import io.callfarm.scratch.Scratch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.Test;

/**
 * An engine serves exactly the app and key it was started with: a restart on the same database with
 * another key or app leaves no old registration that still lets people in.
 */
@Test(groups = "integration")
public class RegistrationIT {
  private static final AppSecret FIRST = AppSecret.of("first-key-0123456789abcdef0123456789");
  private static final AppSecret SECOND = AppSecret.of("second-key-0123456789abcdef012345678");

  @Test
  public void aNewKeyOrAppReplacesTheRegistration() throws Exception {
    Path db = Scratch.folder("callfarm-registration").resolve("engine.db");
    EngineConfig base = EngineConfig.defaults(db);
    long app = base.sdkAppId();
    String firstSig = new UserSigIssuer(app, FIRST).issue("alice", Duration.ofHours(1));
    try (ClientRuntime runtime = ClientRuntime.start(1)) {
      try (Engine engine = Engine.start(base.withApp(app, FIRST))) {
        login(engine, runtime, app, firstSig); // works with its own key
      }
      try (Engine engine = Engine.start(base.withApp(app, SECOND))) {
        assertEquals(code(engine, runtime, app, firstSig), 70009, "a UserSig of the old key");
        login(engine, runtime, app, new UserSigIssuer(app, SECOND).issue("alice", Duration.ofHours(1)));
        assertEquals(engine.store().registeredApps(), java.util.Set.of(app));
      }
      long other = app + 7;
      try (Engine engine = Engine.start(base.withApp(other, SECOND))) {
        assertEquals(code(engine, runtime, app, new UserSigIssuer(app, SECOND)
            .issue("alice", Duration.ofHours(1))), 70020, "the previous app is gone");
        login(engine, runtime, other, new UserSigIssuer(other, SECOND).issue("alice",
            Duration.ofHours(1)));
        assertEquals(engine.store().registeredApps(), java.util.Set.of(other));
      }
    }
  }

  private static void login(Engine engine, ClientRuntime runtime, long app, String sig)
      throws Exception {
    AudioCallClient client = client(engine, runtime);
    client.login(app, "alice", sig).get(5, TimeUnit.SECONDS);
    client.destroy();
  }

  private static int code(Engine engine, ClientRuntime runtime, long app, String sig) {
    AudioCallClient client = client(engine, runtime);
    ExecutionException e = expectThrows(ExecutionException.class,
        () -> client.login(app, "alice", sig).get(5, TimeUnit.SECONDS));
    client.destroy();
    return ((CallException) e.getCause()).code();
  }

  private static AudioCallClient client(Engine engine, ClientRuntime runtime) {
    AudioCallClient client = new AudioCallClient(ClientConfig.of(engine.signallingUri()), runtime,
        CallMedia.NONE);
    client.setup();
    return client;
  }
}
