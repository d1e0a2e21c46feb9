/**
 * What a QA engineer reads after a run: call timelines as swim-lane charts, audio plots, the metrics table, the
 * run summary, Allure attachments and HTML generation, and where all of it lives under {@code reports/}.
 * May depend on {@code io.callfarm.quality}, Jackson, Allure, TestNG and commons-math3; nothing else of CallFarm.
 */
package io.callfarm.report;
