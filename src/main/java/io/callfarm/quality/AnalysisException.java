package io.callfarm.quality;

/**
 * Why an audio file or pair cannot be analysed. Carries a stable {@link Code} so callers (the CLI, scenario
 * assertions) can report {@code error <code>: <message>} without a stack trace; the message says what was
 * wrong and what to do.
 */
public final class AnalysisException extends RuntimeException {

  /** Stable error codes; their lower-case names are printed by the command line. */
  public enum Code {
    /** The file cannot be read at all (missing, permissions, not a regular file, I/O error). */
    IO,
    /** The bytes are not a RIFF/WAVE file. */
    NOT_WAV,
    /** The header is truncated or inconsistent (chunk sizes, block alignment, missing chunks). */
    CORRUPT_HEADER,
    /** A valid WAV in an encoding this package does not decode (8-bit, compressed, ...). */
    UNSUPPORTED_FORMAT,
    /** The file holds no samples, or only digital silence where a signal is required. */
    EMPTY,
    /** The file is larger than {@link Wav#MAX_BYTES} (30 minutes of 48 kHz mono 16-bit). */
    TOO_LONG,
    /** Too few samples for the requested analysis. */
    TOO_SHORT,
    /** The recording has sound but none of it lines up with the reference: the files do not belong together. */
    NO_ALIGNMENT,
    /** A parameter is outside its documented range. */
    INVALID_ARGUMENT;

    /** The code as printed by the CLI, e.g. {@code not_wav}. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Code code;

  public AnalysisException(Code code, String message) {
    super(message);
    this.code = code;
  }

  public AnalysisException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The stable category of this error, never null. */
  public Code code() {
    return code;
  }
}
