package io.callfarm.farm;

import io.callfarm.engine.media.SpeechClips;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a device's microphone plays, parsed from scenario text: {@code silence}, {@code tone:HZ},
 * {@code tone:HZ:DBOV}, {@code chirp}, {@code speech:NAME} (a clip shipped with CallFarm, see
 * {@link SpeechClips}) or {@code wav:PATH} (relative to the working directory, normally the project root).
 */
public record MicSpec(String kind, double frequencyHz, double levelDbov, Path file) {
  public static final MicSpec SILENCE = new MicSpec("silence", 0, 0, null);

  public static MicSpec parse(String text) {
    String[] parts = text.trim().split(":", 2);
    switch (parts[0]) {
      case "silence":
        return SILENCE;
      case "chirp":
        return new MicSpec("chirp", 0, -20, null);
      case "tone": {
        if (parts.length < 2) {
          throw new IllegalArgumentException("tone needs a frequency: tone:1000 or tone:1000:-20");
        }
        String[] numbers = parts[1].split(":");
        try {
          double hz = Double.parseDouble(numbers[0]);
          double level = numbers.length > 1 ? Double.parseDouble(numbers[1]) : -20;
          if (hz <= 0 || hz >= 24_000 || level > 0) {
            throw new IllegalArgumentException("tone frequency must be in (0, 24000) Hz and level <= 0 dBov");
          }
          return new MicSpec("tone", hz, level, null);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("tone:'" + parts[1] + "' is not a number");
        }
      }
      case "speech": {
        if (parts.length < 2) {
          throw new IllegalArgumentException("speech needs a clip name: speech:NAME, one of " + SpeechClips.NAMES);
        }
        return new MicSpec("wav", 0, 0, SpeechClips.file(parts[1]));
      }
      case "wav": {
        if (parts.length < 2 || !Files.isRegularFile(Path.of(parts[1]))) {
          throw new IllegalArgumentException("wav:PATH needs an existing file, got '" + text + "'");
        }
        return new MicSpec("wav", 0, 0, Path.of(parts[1]));
      }
      default:
        throw new IllegalArgumentException("unknown mic '" + text
            + "': use silence, tone:HZ[:DBOV], chirp, speech:NAME or wav:PATH");
    }
  }

  @Override
  public String toString() {
    return switch (kind) {
      case "tone" -> "tone:" + frequencyHz + ":" + levelDbov;
      case "wav" -> "wav:" + file;
      default -> kind;
    };
  }
}
