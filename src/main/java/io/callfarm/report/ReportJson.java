package io.callfarm.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/** The one Jackson configuration the report files use (pretty-printed, stable field order of the records). */
final class ReportJson {

  static final ObjectMapper MAPPER = new ObjectMapper();
  static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

  private ReportJson() {}
}
