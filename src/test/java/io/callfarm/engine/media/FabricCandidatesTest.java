package io.callfarm.engine.media;

import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.callfarm.engine.net.Impairment;
import io.callfarm.engine.net.NetworkFabric;
import org.testng.annotations.Test;

/** Which incoming audio passes an impairment: the sender's uplink or the receiver's downlink. */
public class FabricCandidatesTest {

  @Test
  public void audioIsImpairedWhenTheSendersUplinkOrTheReceiversDownlinkIs() {
    Impairment lossy = Impairment.builder().lossPercent(10).build();
    try (NetworkFabric fabric = new NetworkFabric(1)) {
      CandidateRewriter bob = CandidateRewriter.through(fabric, "bob");
      assertFalse(bob.impairsAudioFrom("alice"), "both on the good profile");
      fabric.setProfile("alice", new NetworkFabric.Profile(lossy, Impairment.NONE));
      assertTrue(bob.impairsAudioFrom("alice"), "alice's uplink");
      assertFalse(CandidateRewriter.through(fabric, "alice").impairsAudioFrom("bob"), "alice's downlink is good");
      fabric.setProfile("alice", NetworkFabric.Profile.GOOD);
      fabric.setProfile("bob", new NetworkFabric.Profile(Impairment.NONE, lossy));
      assertTrue(bob.impairsAudioFrom("alice"), "bob's downlink");
      assertFalse(CandidateRewriter.IDENTITY.impairsAudioFrom("alice"), "no fabric: nothing impaired");
    }
  }
}
