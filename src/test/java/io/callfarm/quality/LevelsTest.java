package io.callfarm.quality;

import static org.testng.Assert.assertEquals;

import org.testng.annotations.Test;

public class LevelsTest {

  @Test
  public void clippingShareOfAnOverdrivenSine() {
    // A sine of amplitude 2 clipped at 1 spends the time where |sin| >= 0.5, i.e. 2/3 of it, at full scale;
    // the detector's threshold (0.9943) is a hair lower, which moves the share by under 0.01.
    PcmAudio clipped = TestAudio.clipped(TestAudio.tone(16000, 50, 1.0, 1.0), 20 * Math.log10(2));
    assertEquals(Levels.clippingShare(clipped), 2.0 / 3, 0.01);
    assertEquals(Levels.clippingShare(TestAudio.tone(16000, 50, 0.9, 1.0)), 0.0, 0.0);
  }

  @Test
  public void silenceHasTheFloorLevel() {
    assertEquals(Levels.dbov(new PcmAudio(16000, new float[1600])), Levels.SILENCE_DBOV, 0.0);
  }
}
