package io.callfarm.quality;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import org.testng.annotations.Test;

public class EModelTest {

  @Test
  public void defaultsGiveTheG107Reference() {
    EModel e = EModel.defaults();
    assertEquals(e.rFactor(), 93.2, 0.05);
    assertEquals(e.mos(), 4.41, 0.005);
    assertEquals(e.basicSignalToNoise(), 94.77, 0.01);
    assertEquals(e.simultaneousImpairment(), 1.41, 0.01);
  }

  @Test
  public void rToMosConversion() {
    assertEquals(EModel.mosFromR(0), 1.0, 0.0);
    assertEquals(EModel.mosFromR(-5), 1.0, 0.0);
    assertEquals(EModel.mosFromR(50), 1 + 1.75 - 50 * 10 * 50 * 7e-6, 1e-12);
    assertEquals(EModel.mosFromR(80), 4.02, 0.005);
    assertEquals(EModel.mosFromR(100), 4.5, 0.0);
  }

  @Test
  public void g711LossUsesG113AppendixIValues() {
    // Ie,eff = 95 * Ppl / (Ppl / BurstR + Bpl): Bpl 4.3 without PLC, 25.1 with
    double noPlc = EModel.forNetwork(2, 1, 0, 0, Codec.G711).effectiveIe();
    double plc = EModel.forNetwork(2, 1, 0, 0, Codec.G711_PLC).effectiveIe();
    assertEquals(noPlc, 95 * 2 / (2 + 4.3), 1e-9);
    assertEquals(plc, 95 * 2 / (2 + 25.1), 1e-9);
    double bursty = EModel.forNetwork(2, 2, 0, 0, Codec.G711_PLC).effectiveIe();
    assertEquals(bursty, 95 * 2 / (1 + 25.1), 1e-9);
    assertTrue(new EModel(2, 1, 0, 0, 4.3).mos() < new EModel(2, 1, 0, 0, 25.1).mos());
    assertEquals(new EModel(1, 1, 0, 0, 4.3).rFactor(), 93.2 - 95 / 5.3, 0.05);
  }

  @Test
  public void monotonicInLossAndDelay() {
    double previous = Double.POSITIVE_INFINITY;
    for (double loss = 0; loss <= 20; loss += 0.5) {
      double r = new EModel(loss, 1, 0, 0, 25.1).rFactor();
      assertTrue(r < previous, "R must fall with loss at " + loss + " %");
      previous = r;
    }
    previous = Double.POSITIVE_INFINITY;
    for (double ms = 0; ms <= 800; ms += 25) {
      double r = new EModel(0, 1, ms, 0, 4.3).rFactor();
      assertTrue(r < previous, "R must fall with delay at " + ms + " ms");
      previous = r;
    }
  }

  @Test
  public void absoluteDelayTermStartsAt100Ms() {
    assertEquals(new EModel(0, 1, 100, 0, 4.3).absoluteDelayImpairment(), 0.0, 0.0);
    assertEquals(new EModel(0, 1, 200, 0, 4.3).absoluteDelayImpairment(), 3.04, 0.01);  // X = 1
    assertEquals(new EModel(0, 1, 400, 0, 4.3).absoluteDelayImpairment(), 24.07, 0.01); // X = 2
    EModel e = new EModel(0, 1, 250, 0, 4.3);
    assertEquals(e.delayImpairment(),
        e.talkerEchoImpairment() + e.listenerEchoImpairment() + e.absoluteDelayImpairment(), 1e-12);
    assertEquals(EModel.defaults().talkerEchoImpairment(), 0.0, 1e-12); // no delay, no echo
  }

  @Test
  public void networkDelayAddsJitterBufferAndCodec() {
    EModel e = EModel.forNetwork(0, 1, 10, 100, Codec.OPUS);
    assertEquals(e.oneWayDelayMs(), 50 + 20 + 26.5, 1e-9);
  }

  @Test
  public void rejectsImpossibleInputs() {
    expectThrows(AnalysisException.class, () -> new EModel(-1, 1, 0, 0, 4.3));
    expectThrows(AnalysisException.class, () -> new EModel(1, 0.5, 0, 0, 4.3));
    expectThrows(AnalysisException.class, () -> EModel.forNetwork(1, 1, -3, 0, Codec.G711));
    AnalysisException e = expectThrows(AnalysisException.class, () -> Codec.parse("amr"));
    assertTrue(e.getMessage().contains("g711, g711-plc or opus"));
    assertEquals(Codec.parse("G711-PLC"), Codec.G711_PLC);
  }
}
