package io.callfarm.engine;

import io.callfarm.engine.call.AudioCallClient;
import io.callfarm.engine.call.AudioCallDelegate;
import io.callfarm.engine.call.CallMedia;
import io.callfarm.engine.call.ClientConfig;
import io.callfarm.engine.call.ClientRuntime;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A virtual device in its own JVM for fault tests: logs in, accepts every invitation and prints
 * {@code device ready} and each callback, until killed. Arguments: signalling URI, SDKAppID, user,
 * UserSig, heartbeat interval (ms).
 */
public final class DeviceMain {
  private DeviceMain() {}

  public static void main(String[] args) throws Exception {
    URI server = URI.create(args[0]);
    ClientConfig config = ClientConfig.of(server)
        .withHeartbeatInterval(Duration.ofMillis(Long.parseLong(args[4])));
    ClientRuntime runtime = ClientRuntime.start(1);
    AudioCallClient[] self = new AudioCallClient[1];
    AudioCallClient client = new AudioCallClient(config, runtime, CallMedia.NONE);
    self[0] = client;
    client.setDelegate(new AudioCallDelegate() {
      @Override
      public void onInvited(String sponsor, List<String> userIds, boolean isFromGroup) {
        System.out.println("event onInvited(" + sponsor + ")");
        self[0].accept();
      }

      @Override
      public void onUserEnter(String userId) {
        System.out.println("event onUserEnter(" + userId + ")");
      }

      @Override
      public void onError(int code, String message) {
        System.out.println("event onError(" + code + ")");
      }
    });
    client.setup();
    client.login(Long.parseLong(args[1]), args[2], args[3]).get(10, TimeUnit.SECONDS);
    System.out.println("device ready");
    new CountDownLatch(1).await();
  }
}
