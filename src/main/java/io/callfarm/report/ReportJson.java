package io.callfarm.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one Jackson configuration the report files use (pretty-printed, stable field order of the records). */
final class ReportJson {

  static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

  private ReportJson() {}
}
