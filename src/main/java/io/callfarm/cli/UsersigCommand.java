package io.callfarm.cli;

import io.callfarm.engine.EngineConfig;
import io.callfarm.engine.auth.AppSecret;
import io.callfarm.engine.auth.AuthException;
import io.callfarm.engine.auth.UserSigIssuer;
import io.callfarm.engine.auth.UserSigVerifier;
import io.callfarm.engine.signal.Frame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callfarm usersig}: prints a UserSig made by Tencent's generator. */
@Command(name = "usersig", mixinStandardHelpOptions = true,
    description = {"Print a UserSig (TLSSigAPIv2) for a user of an app.",
        "The key comes from --key-file or the environment variable " + AppSecret.ENVIRONMENT
            + " (never the command line); without either, the built-in test key of local engines."})
final class UsersigCommand implements Callable<Integer> {
  @Option(names = "--app", required = true, description = "SDKAppID")
  long app;

  @Option(names = "--key-file", paramLabel = "PATH",
      description = "file holding the app's secret key on its first line")
  Path keyFile;

  @Option(names = "--user", required = true, description = "user id ([A-Za-z0-9_-], 1-32 chars)")
  String user;

  @Option(names = "--ttl", defaultValue = "604800", description = "validity in seconds (default: ${DEFAULT-VALUE})")
  long ttlSeconds;

  @Option(names = "--json", description = "print a JSON object")
  boolean json;

  @Override
  public Integer call() {
    if (app < 1 || app > EngineConfig.MAX_SDK_APP_ID) {
      return new Refusal("invalid_argument", "--app must be 1.." + EngineConfig.MAX_SDK_APP_ID + " (an SDKAppID), "
          + "got " + app).print(System.err);
    }
    if (ttlSeconds <= 0 || ttlSeconds > UserSigVerifier.MAX_EPOCH_SECONDS) {
      return new Refusal("invalid_argument", "--ttl must be 1.." + UserSigVerifier.MAX_EPOCH_SECONDS
          + " seconds (what the engine accepts), got " + ttlSeconds).print(System.err);
    }
    try {
      AppSecret secret = AppSecret.fromFileOrEnvironment(keyFile, System.getenv());
      String sig = new UserSigIssuer(app, secret).issue(user, Duration.ofSeconds(ttlSeconds));
      if (json) {
        System.out.println(Frame.JSON.createObjectNode().put("sdkAppId", app).put("userId", user)
            .put("ttlSeconds", ttlSeconds).put("userSig", sig));
      } else {
        System.out.println(sig);
      }
      return 0;
    } catch (IllegalArgumentException e) {
      return new Refusal("invalid_argument", e.getMessage()).print(System.err);
    } catch (AuthException e) {
      return new Refusal(String.valueOf(e.code().code()), e.getMessage()).print(System.err);
    }
  }
}
