package io.callfarm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callfarm.quality.AnalysisException;
import io.callfarm.quality.AudioAnalyzer;
import io.callfarm.quality.Codec;
import io.callfarm.quality.EModel;
import io.callfarm.quality.MutedSpan;
import io.callfarm.quality.QualityReport;
import io.callfarm.quality.Wav;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code callfarm analyze}: audio quality of one reference/degraded WAV pair, optionally with the E-model MOS
 * from network figures beside it. Exit code 0 on success, 2 when the files cannot be analysed, 3 on an
 * internal error; the reason is printed as {@code error <code>: <message>} on stderr, never as a stack trace.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
    description = "Compare what was sent (--ref) with what was received (--deg): delay and its steps (playout "
        + "adjustments), MOS-LQO, SNR, level, clipping, silence, mutes and lost frames; with network figures also "
        + "the E-model (G.107) MOS. The recording may start before the reference and run past it (trimmed and "
        + "reported); a recording that does not carry the reference fails with no_alignment.")
public final class AnalyzeCommand implements Callable<Integer> {

  static final int EXIT_ANALYSIS_ERROR = 2;
  static final int EXIT_INTERNAL_ERROR = 3;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--ref", required = true, paramLabel = "REF.wav", description = "reference: the signal sent")
  Path ref;

  @Option(names = "--deg", required = true, paramLabel = "DEG.wav", description = "degraded: the signal received")
  Path deg;

  @Option(names = "--json", description = "print one JSON object instead of text")
  boolean json;

  @Option(names = "--loss", paramLabel = "PERCENT", description = "packet loss for the E-model, percent")
  Double lossPercent;

  @Option(names = "--burst-r", paramLabel = "RATIO", defaultValue = "1",
      description = "burst ratio for the E-model (1 = random loss; default ${DEFAULT-VALUE})")
  double burstR;

  @Option(names = "--jitter-ms", paramLabel = "MS", description = "interarrival jitter for the E-model, ms")
  Double jitterMs;

  @Option(names = "--rtt-ms", paramLabel = "MS", description = "round-trip time for the E-model, ms")
  Double rttMs;

  @Option(names = "--codec", paramLabel = "CODEC", description = "codec for the E-model: g711, g711-plc or opus "
      + "(default opus when any E-model option is given)")
  String codec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      EModel eModel = eModel();
      QualityReport report = new AudioAnalyzer().analyze(Wav.read(ref), Wav.read(deg));
      if (json) {
        out.println(toJson(report, eModel));
      } else {
        printText(out, report, eModel);
      }
      out.flush();
      return 0;
    } catch (AnalysisException e) {
      err.println("error " + e.code().id() + ": " + e.getMessage());
      err.flush();
      return EXIT_ANALYSIS_ERROR;
    } catch (RuntimeException e) {
      err.println("error internal: " + e + " (a bug in the analysis: please report it with both files)");
      err.flush();
      return EXIT_INTERNAL_ERROR;
    }
  }

  /** The E-model if any network option was given, else null. */
  private EModel eModel() {
    if (lossPercent == null && jitterMs == null && rttMs == null && codec == null) {
      return null;
    }
    return EModel.forNetwork(orZero(lossPercent), burstR, orZero(jitterMs), orZero(rttMs),
        codec == null ? Codec.OPUS : Codec.parse(codec));
  }

  private static double orZero(Double v) {
    return v == null ? 0 : v;
  }

  private static String toJson(QualityReport report, EModel eModel) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode node = mapper.valueToTree(report);
    if (eModel != null) {
      ObjectNode e = node.putObject("eModel");
      e.put("rFactor", eModel.rFactor());
      e.put("mosCqe", eModel.mos());
      e.put("oneWayDelayMs", eModel.oneWayDelayMs());
      e.put("packetLossPercent", eModel.packetLossPercent());
      e.put("burstR", eModel.burstR());
      e.put("ie", eModel.ie());
      e.put("bpl", eModel.bpl());
    }
    try {
      return mapper.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the report", e);
    }
  }

  private static void printText(PrintWriter out, QualityReport r, EModel e) {
    out.printf(Locale.ROOT, "sampleRate        %d Hz (degraded %d Hz, analysed at %d Hz)%n",
        r.sampleRate(), r.degradedSampleRate(), r.analysisSampleRate());
    out.printf(Locale.ROOT, "delayMs           %.2f (range %.2f..%.2f over speech, alignment confidence %.2f)%n",
        r.delayMs(), r.delayMinMs(), r.delayMaxMs(), r.alignmentConfidence());
    out.printf(Locale.ROOT, "playoutAdjustments %d (%d inside speech), %d utterances aligned%n",
        r.playoutAdjustments(), r.playoutAdjustmentsInSpeech(), r.utterances());
    out.printf(Locale.ROOT, "trimmed           lead-in %.0f ms, tail %.0f ms of the recording%n", r.leadInMs(),
        r.tailMs());
    out.printf(Locale.ROOT, "mosLqo            %.2f%n", r.mosLqo());
    if (e != null) {
      out.printf(Locale.ROOT, "eModelMos         %.2f (R %.1f, one-way %.0f ms, loss %.1f %%)%n",
          e.mos(), e.rFactor(), e.oneWayDelayMs(), e.packetLossPercent());
    }
    out.printf(Locale.ROOT, "snrDb             %.1f%n", r.snrDb());
    out.printf(Locale.ROOT, "segmentalSnrDb    %s%n",
        r.segmentalSnrDb() == null ? "n/a" : String.format(Locale.ROOT, "%.1f", r.segmentalSnrDb()));
    out.printf(Locale.ROOT, "levelDbov         ref %.1f, deg %.1f (gain %.1f dB)%n",
        r.refLevelDbov(), r.degLevelDbov(), r.gainDb());
    out.printf(Locale.ROOT, "clipping          %.2f %%%n", 100 * r.clipping());
    out.printf(Locale.ROOT, "silenceShare      %.1f %%%n", 100 * r.silenceShare());
    out.printf(Locale.ROOT, "lostFrameShare    %.1f %%%n", 100 * r.lostFrameShare());
    out.printf(Locale.ROOT, "mutedSpans        %d%n", r.mutedSpans().size());
    for (MutedSpan s : r.mutedSpans()) {
      out.printf(Locale.ROOT, "  %.0f-%.0f ms%n", s.startMs(), s.endMs());
    }
  }
}
