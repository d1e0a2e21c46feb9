package io.callfarm.report;

/** The Allure HTML report could not be produced; the message says which step failed and what to do. */
public final class AllureReportException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public AllureReportException(String message) {
    super(message);
  }
}
