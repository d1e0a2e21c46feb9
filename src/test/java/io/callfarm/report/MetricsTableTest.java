package io.callfarm.report;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.testng.annotations.Test;

public class MetricsTableTest {

  @Test
  public void escapesTextAndFormatsNumbers() {
    String html = MetricsTable.html(List.of(new CallMetrics("c<1>", "a&b \"q\"", List.of("<script>", "pixel"),
        212.4, 151.0, 4.123, 4.38, 1.25, 3.0)));
    assertFalse(html.contains("<script>"), html);
    assertTrue(html.contains("&lt;script&gt;, pixel"), html);
    assertTrue(html.contains("<td>c&lt;1&gt;</td><td>a&amp;b &quot;q&quot;</td>"), html);
    assertTrue(html.contains("<td class=\"n\">212</td><td class=\"n\">151</td><td class=\"n\">4.12</td>"
        + "<td class=\"n\">4.38</td><td class=\"n\">1.3</td><td class=\"n\">3.0</td>"), html);
  }

  @Test
  public void missingFiguresRenderAsDash() {
    String html = MetricsTable.html(List.of(new CallMetrics("c", "s", List.of(), null, null, null, null, null,
        Double.NaN)));
    assertEquals(html.split("<td class=\"n\">–</td>", -1).length - 1, 6, html);
  }

  @Test
  public void emptyTableHasItsHeader() throws IOException {
    String html = MetricsTable.html(List.of());
    assertTrue(html.contains("<th>MOS-LQO</th>"));
    List<CallMetrics> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(new CallMetrics("call-" + i, "group-accept", List.of("virtual-1", "chrome-2", "pixel-7-1"),
          180.0 + 37 * i, i == 2 ? null : 140.0 + i, i == 2 ? null : 4.2 - 0.3 * i, 4.3 - 0.1 * i, 0.5 * i,
          2.0 + i));
    }
    Path samples = Files.createDirectories(Path.of("target", "report-samples"));
    Files.writeString(samples.resolve("metrics.html"), MetricsTable.html(calls));
  }
}
