package io.callfarm.cli;

import io.callfarm.engine.auth.AuthException;
import io.callfarm.engine.auth.UserSigIssuer;
import io.callfarm.engine.signal.Frame;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callfarm usersig}: prints a UserSig made by Tencent's generator. */
@Command(name = "usersig", mixinStandardHelpOptions = true,
    description = "Print a UserSig (TLSSigAPIv2) for a user of an app.")
final class UsersigCommand implements Callable<Integer> {
  @Option(names = "--app", required = true, description = "SDKAppID")
  long app;

  @Option(names = "--key", required = true, description = "the app's secret key")
  String key;

  @Option(names = "--user", required = true, description = "user id ([A-Za-z0-9_-], 1-32 chars)")
  String user;

  @Option(names = "--ttl", defaultValue = "604800", description = "validity in seconds (default: ${DEFAULT-VALUE})")
  long ttlSeconds;

  @Option(names = "--json", description = "print a JSON object")
  boolean json;

  @Override
  public Integer call() {
    if (ttlSeconds <= 0) {
      System.err.println("error: --ttl must be positive, got " + ttlSeconds);
      return 2;
    }
    try {
      String sig = new UserSigIssuer(app, key).issue(user, Duration.ofSeconds(ttlSeconds));
      if (json) {
        System.out.println(Frame.JSON.createObjectNode().put("sdkAppId", app).put("userId", user)
            .put("ttlSeconds", ttlSeconds).put("userSig", sig));
      } else {
        System.out.println(sig);
      }
      return 0;
    } catch (AuthException e) {
      System.err.println("error " + e.code().code() + ": " + e.getMessage());
      return 2;
    }
  }
}
