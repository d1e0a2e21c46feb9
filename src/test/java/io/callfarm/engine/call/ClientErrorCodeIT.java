package io.callfarm.engine.call;

import static io.callfarm.engine.EngineHarness.user;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.expectThrows;

import io.callfarm.engine.EngineHarness;
import io.callfarm.engine.EngineHarness.Device;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * A request the server refuses fails at the component with the server's code and message, at once,
 * not as an unanswered request (60010).
 */
@Test(groups = "integration")
public class ClientErrorCodeIT {
  private EngineHarness farm;

  @BeforeClass
  public void startEngine() throws Exception {
    farm = new EngineHarness(Duration.ofSeconds(5));
  }

  @AfterClass(alwaysRun = true)
  public void stopEngine() throws Exception {
    farm.close();
  }

  @Test
  public void refusedLoginCarriesTheServersCode() throws Exception {
    Device device = farm.device();
    long start = System.nanoTime();
    ExecutionException e = expectThrows(ExecutionException.class, () -> device.client()
        .login(farm.engine().sdkAppId(), user("eve"), "not-a-usersig").get(5, TimeUnit.SECONDS));
    CallException refused = (CallException) e.getCause();
    assertEquals(refused.code(), 70003, refused.getMessage());
    assertEquals(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), 0L,
        "answered at once, not after the request timeout");
  }
}
