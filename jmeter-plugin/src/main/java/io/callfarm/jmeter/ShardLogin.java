package io.callfarm.jmeter;

import io.callfarm.load.SampleMessage;
import io.callfarm.load.UserShard;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.jmeter.config.Arguments;
import org.apache.jmeter.protocol.java.sampler.AbstractJavaSamplerClient;
import org.apache.jmeter.protocol.java.sampler.JavaSamplerContext;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.util.JMeterUtils;

/**
 * Java Request sampler for a setUp Thread Group: logs this worker's share of the CallFarm virtual
 * users in on the engine ({@link WorkerShard}); one sample, the login phase (elapsed = its wall time),
 * successful when every user logged in within {@code login_seconds} of the test start (the pause the
 * call schedule begins with). Parameters default to the {@code callfarm.*} properties the
 * controller sends with {@code -G}.
 */
public final class ShardLogin extends AbstractJavaSamplerClient {

  @Override
  public Arguments getDefaultParameters() {
    Arguments args = new Arguments();
    args.addArgument("engine", "${__P(callfarm.engine,ws://127.0.0.1:8080/ws)}");
    args.addArgument("app", "${__P(callfarm.app,1400000001)}");
    args.addArgument("users", "${__P(callfarm.users,100)}");
    args.addArgument("workers", "${__P(callfarm.workers,)}");
    args.addArgument("run", "${__P(callfarm.run,)}");
    args.addArgument("timeout_seconds", "${__P(callfarm.timeout,30)}");
    args.addArgument("talk_seconds", "${__P(callfarm.talk,2)}");
    args.addArgument("login_seconds", "${__P(callfarm.login_seconds,10)}");
    return args;
  }

  @Override
  public SampleResult runTest(JavaSamplerContext context) {
    SampleResult result = new SampleResult();
    result.setSampleLabel("callfarm login");
    result.sampleStart();
    try {
      String workers = context.getParameter("workers", "").trim();
      List<String> list = workers.isEmpty() ? List.of()
          : Arrays.stream(workers.split(",")).map(String::trim).toList();
      String self = System.getProperty("java.rmi.server.hostname", "127.0.0.1") + ":"
          + JMeterUtils.getPropDefault("server_port", 1099);
      String run = context.getParameter("run", "").trim();
      if (run.isEmpty()) {
        run = String.format("j%06x-", new SecureRandom().nextInt(1 << 24));
      }
      int users = positive(context, "users");
      WorkerShard.Settings settings = new WorkerShard.Settings(
          URI.create(context.getParameter("engine")), Long.parseLong(context.getParameter("app")),
          users, list, self, run, seconds(context, "timeout_seconds"),
          seconds(context, "talk_seconds"));
      UserShard shard = WorkerShard.start(settings, getNewLogger()::info);
      result.sampleEnd();
      int wanted = WorkerShard.ids(run, users, Math.max(1, list.size()), WorkerShard.worker()).size();
      // the Open Model schedule counts from the test start and begins with a pause of
      // login_seconds: a login that overran it would see the calls due meanwhile in one burst
      long sinceStart = System.currentTimeMillis() - JMeterContextService.getTestStartTime();
      long allowed = seconds(context, "login_seconds").toMillis();
      boolean inTime = sinceStart <= allowed;
      result.setSuccessful(shard.loggedIn() == wanted && inTime);
      result.setResponseCode(shard.loggedIn() != wanted ? "login_failed"
          : inTime ? "logged_in" : "login_too_slow");
      if (!inTime) {
        getNewLogger().error("callfarm login took {} ms since the test start, over login_seconds ({}"
            + " ms): raise callfarm.login_seconds", sinceStart, allowed);
      }
      result.setResponseMessage(SampleMessage.login(WorkerShard.worker(), shard.loggedIn(), wanted,
          shard.takeHistograms()).encode());
      if (shard.loggedIn() != wanted) {
        result.setResponseData(shard.errors(), "UTF-8");
      }
    } catch (Exception e) {
      if (result.getEndTime() == 0) {
        result.sampleEnd();
      }
      result.setSuccessful(false);
      result.setResponseCode("login_failed");
      result.setResponseMessage("callfarm login failed: " + e.getMessage());
      getNewLogger().error("callfarm login failed", e);
    }
    return result;
  }

  private static int positive(JavaSamplerContext context, String name) {
    int value = Integer.parseInt(context.getParameter(name).trim());
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
    return value;
  }

  static Duration seconds(JavaSamplerContext context, String name) {
    double value = Double.parseDouble(context.getParameter(name).trim());
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be 0 or more seconds, got " + value);
    }
    return Duration.ofNanos(Math.round(value * 1e9));
  }
}
