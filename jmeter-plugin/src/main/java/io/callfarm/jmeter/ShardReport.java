package io.callfarm.jmeter;

import io.callfarm.load.Histograms;
import io.callfarm.load.SampleMessage;
import io.callfarm.load.UserShard;
import org.apache.jmeter.protocol.java.sampler.AbstractJavaSamplerClient;
import org.apache.jmeter.protocol.java.sampler.JavaSamplerContext;
import org.apache.jmeter.samplers.SampleResult;

/**
 * Java Request sampler for a tearDown Thread Group: waits (up to the calls' settle deadline) until
 * this worker's calls are over, then reports its accounting — calls placed, invitations completed and
 * lost — with the last interval histograms, and logs the users out. Successful when nothing was lost.
 */
public final class ShardReport extends AbstractJavaSamplerClient {

  @Override
  public SampleResult runTest(JavaSamplerContext context) {
    SampleResult result = new SampleResult();
    result.setSampleLabel("callfarm report");
    result.sampleStart();
    UserShard shard = WorkerShard.current();
    if (shard == null) {
      result.sampleEnd();
      result.setSuccessful(false);
      result.setResponseCode("no_users");
      result.setResponseMessage("no CallFarm users on this worker: the login sampler did not run");
      return result;
    }
    try {
      shard.awaitQuiet(shard.settleDeadline());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    UserShard.Counts counts = shard.counts();
    int worker = WorkerShard.worker();
    Histograms last = WorkerShard.stop();
    result.sampleEnd();
    result.setSuccessful(counts.lost() == 0);
    result.setResponseCode(counts.lost() == 0 ? "settled" : "lost");
    result.setResponseMessage(SampleMessage.report(worker, counts, last).encode());
    return result;
  }
}
