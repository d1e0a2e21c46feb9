package io.callfarm.engine.net;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.util.List;

import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/** Impairment values, named profiles and the spec parser's answers to good and bad input. */
public class ImpairmentTest {

  @Test
  public void profilesHaveTheDocumentedValues() {
    assertEquals(Impairment.profile("good"), Impairment.NONE);
    Impairment lte = Impairment.profile("4g");
    assertEquals(lte.delayMs(), 40.0);
    assertEquals(lte.jitterMs(), 10.0);
    assertEquals(lte.lossPercent(), 0.5);
    Impairment umts = Impairment.profile("3G");
    assertEquals(umts.delayMs(), 100.0);
    assertEquals(umts.jitterMs(), 30.0);
    assertEquals(umts.lossPercent(), 2.0);
    assertEquals(umts.rateKbps(), 750.0);
    assertEquals(Impairment.profile("lossy-10").lossPercent(), 10.0);
    GilbertElliott ge = Impairment.profile("bursty").gilbertElliott();
    assertEquals(ge, new GilbertElliott(2, 25, 100, 0));
    assertEquals(Impairment.profile("bursty").expectedLossPercent(), 100.0 * 2 / 27, 1e-9);
    Impairment drop = Impairment.profile("call-drop");
    assertEquals(List.of(drop.rateKbps(), drop.delayMs(), drop.lossPercent()), List.of(50.0, 500.0, 20.0));
    assertEquals(Impairment.profileNames(), java.util.Set.of("good", "4g", "3g", "lossy-10", "bursty", "call-drop"));
  }

  @Test
  public void parsesKeyValueSpecsWithOptionalUnits() {
    Impairment i = Impairment.parse("delay=100, jitter=20ms ,loss=5%,rate=64kbit,dist=normal,queue=50");
    assertEquals(i, Impairment.builder().delayMs(100).jitterMs(20).lossPercent(5).rateKbps(64)
        .distribution(JitterDistribution.NORMAL).queuePackets(50).build());
  }

  @Test
  public void parsesAProfileWithOverrides() {
    Impairment i = Impairment.parse("3g,loss=0,duplicate=1");
    assertEquals(i, Impairment.profile("3g").toBuilder().lossPercent(0).duplicatePercent(1).build());
  }

  @Test
  public void parsesGilbertElliottWithNetemDefaults() {
    assertEquals(Impairment.parse("ge=1").gilbertElliott(), new GilbertElliott(1, 99, 100, 0));
    assertEquals(Impairment.parse("ge=1:30").gilbertElliott(), new GilbertElliott(1, 30, 100, 0));
    assertEquals(Impairment.parse("ge=1:30:80:0.5").gilbertElliott(), new GilbertElliott(1, 30, 80, 0.5));
    assertNull(Impairment.parse("bursty,loss=3").gilbertElliott(), "random loss replaces the profile's GE");
  }

  @Test
  public void toSpecRoundTrips() {
    for (String name : Impairment.profileNames()) {
      Impairment p = Impairment.profile(name);
      assertEquals(Impairment.parse(p.toSpec()), p, p.toSpec());
    }
    Impairment odd = Impairment.parse("delay=12.5,jitter=3,dist=normal,reorder=5,corrupt=0.1,rate=99,queue=7");
    assertEquals(Impairment.parse(odd.toSpec()), odd);
  }

  @DataProvider
  public Object[][] badSpecs() {
    return new Object[][] {
        {"", "empty network spec"},
        {"delay=100,color=blue", "unknown key 'color'"},
        {"delay=-5", "'delay' must be a finite number >= 0 in milliseconds, got -5.0"},
        {"loss=120", "'loss' must be a percentage between 0 and 100, got 120.0"},
        {"loss=ten", "loss 'ten' is not a number (in %)"},
        {"5g", "unknown network profile '5g'; known profiles: good, 4g, 3g, lossy-10, bursty, call-drop"},
        {"delay=10,4g", "'4g' is not key=value (a profile name may only come first)"},
        {"loss=1,loss=2", "key 'loss' given twice"},
        {"loss=1,ge=2", "choose one: 'loss=' or 'ge='"},
        {"reorder=10", "'reorder' (10.0%) needs a delay"},
        {"rate=64,queue=0", "'queue' must be at least 1 packet"},
        {"ge=1:2:3:4:5", "ge takes at most 4 percentages"},
        {"dist=pareto", "dist 'pareto' is not one of uniform, normal"},
        {"duplicate=NaN", "duplicate 'NaN' is not a number"},
    };
  }

  @Test(dataProvider = "badSpecs")
  public void badSpecsFailWithAMessageSayingWhatIsWrong(String spec, String expected) {
    IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> Impairment.parse(spec));
    assertTrue(e.getMessage().contains(expected), "message: " + e.getMessage());
  }

  @Test
  public void builderValidatesToo() {
    IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
        () -> Impairment.builder().duplicatePercent(101).build());
    assertTrue(e.getMessage().contains("'duplicate' must be a percentage between 0 and 100"), e.getMessage());
    expectThrows(IllegalArgumentException.class, () -> new GilbertElliott(-1, 10, 100, 0));
  }
}
