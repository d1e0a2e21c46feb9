/**
 * Audio-quality analysis of a reference/degraded pair: WAV I/O, alignment, level, clipping, silence, loss,
 * a P.862-style perceptual MOS-LQO and the ITU-T G.107 E-model. Depends on no other CallFarm package
 * (only the JDK and commons-math3 for the FFT).
 */
package io.callfarm.quality;
