package io.callfarm.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.callfarm.quality.PcmAudio;
import io.qameta.allure.Allure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Puts what explains a test's outcome into its Allure report: call timelines, recordings, audio plots, the
 * metrics table, captured process output. Each method attaches to the step or test running on the calling
 * thread (Allure's lifecycle is per thread); outside a running test Allure logs an error and drops it.
 */
public final class Attachments {

  private Attachments() {}

  /** The swim-lane chart of a call as PNG, and its data as JSON, named after the timeline's title. */
  public static void timeline(CallTimeline timeline) {
    attach("timeline: " + timeline.title(), "image/png", TimelineChart.png(timeline), "png");
    try {
      attach("timeline: " + timeline.title() + " (data)", "application/json",
          ReportJson.PRETTY.writeValueAsBytes(timeline), "json");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("timeline " + timeline.title() + " did not serialise: "
          + e.getOriginalMessage(), e);
    }
  }

  /** A WAV recording as found on disk (playable in the report), e.g. {@code "bob hears alice"}. */
  public static void recording(String name, Path wav) {
    try (InputStream in = Files.newInputStream(wav)) {
      Allure.addAttachment(name, "audio/wav", in, "wav");
    } catch (IOException e) {
      throw new UncheckedIOException("could not attach recording " + wav + ": " + e.getMessage(), e);
    }
  }

  /**
   * The evidence beside an analysed recording ({@link AudioEvidence}): the reference as placed on the recording's
   * time base (playable, re-scorable with any external tool together with the recording) and the analysis JSON.
   */
  public static void evidence(String name, AudioEvidence.Saved saved) {
    recording(name + " (reference as placed: " + saved.reference().getFileName() + ")", saved.reference());
    try {
      attach(name + " (analysis: " + saved.analysis().getFileName() + ")", "application/json",
          Files.readAllBytes(saved.analysis()), "json");
    } catch (IOException e) {
      throw new UncheckedIOException("could not attach analysis " + saved.analysis() + ": " + e.getMessage(), e);
    }
  }

  /** Waveform and spectrogram of {@code audio}, titled {@code name}. */
  public static void plots(String name, PcmAudio audio) {
    attach(name + " (waveform)", "image/png", AudioPlots.waveformPng(audio, name), "png");
    attach(name + " (spectrogram)", "image/png", AudioPlots.spectrogramPng(audio, name), "png");
  }

  /** The per-call metrics as an HTML table. */
  public static void metrics(List<CallMetrics> calls) {
    attach("call metrics", "text/html", MetricsTable.html(calls).getBytes(StandardCharsets.UTF_8), "html");
  }

  /** Plain text, e.g. a device's or a browser's captured output. */
  public static void text(String name, String content) {
    attach(name, "text/plain", content.getBytes(StandardCharsets.UTF_8), "txt");
  }

  private static void attach(String name, String type, byte[] content, String extension) {
    Allure.addAttachment(name, type, new ByteArrayInputStream(content), extension);
  }
}
