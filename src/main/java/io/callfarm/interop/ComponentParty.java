package io.callfarm.interop;

import io.callfarm.engine.Engine;
import io.callfarm.engine.call.AudioCallClient;
import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.call.CallMedia;
import io.callfarm.engine.call.ClientConfig;
import io.callfarm.engine.call.ClientRuntime;
import io.callfarm.engine.call.EventLog;
import io.callfarm.engine.call.Flavour;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A party that is this JVM's call component in one Java flavour, signalling only. */
final class ComponentParty implements Party {
  private final Engine engine;
  private final AudioCallClient client;
  private final EventLog log = new EventLog();

  ComponentParty(Engine engine, ClientRuntime runtime, Flavour flavour, Duration invitationTimeout) {
    this.engine = engine;
    this.client = new AudioCallClient(ClientConfig.of(engine.signallingUri())
        .withInvitationTimeout(invitationTimeout), runtime, CallMedia.NONE, flavour);
    client.setListener(log);
    client.setup();
  }

  @Override
  public String flavour() {
    return client.flavour().id();
  }

  @Override
  public void login(String userId) throws Exception {
    client.login(engine.sdkAppId(), userId, engine.userSig(userId, Duration.ofHours(1))).get(15, TimeUnit.SECONDS);
  }

  @Override
  public void act(String verb, List<String> userIds) {
    switch (verb) {
      case "call" -> client.call(userIds.get(0));
      case "groupCall" -> client.groupCall(userIds, null);
      case "accept" -> client.accept();
      case "reject" -> client.reject();
      case "hangup" -> client.hangup();
      default -> throw new IllegalArgumentException("unknown action " + verb);
    }
  }

  @Override
  public List<CallEvent> events() {
    return log.events();
  }

  @Override
  public void close() {
    client.destroy();
  }
}
