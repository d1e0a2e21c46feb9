package io.callfarm.load;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.callfarm.scratch.Scratch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testng.annotations.Test;

/** JMeter's CSV results as JMeter writes them (header first, quoted fields). */
public class JmeterResultsTest {
  private static final String HEADER = "timeStamp,elapsed,label,responseCode,responseMessage,"
      + "threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,"
      + "Latency,IdleTime,Connect";

  @Test
  public void readsRowsWithQuotedFields() throws Exception {
    Path csv = Scratch.file("results", ".csv");
    Files.write(csv, List.of(HEADER,
        "1796111873717,12,call 1v1,completed,callfarm/1 kind=call worker=0 caller=a to=b:completed"
            + ",calls 1-1,text,true,,0,0,1,1,null,3,0,2",
        "1796111873718,5,\"call, odd\",lost,\"said \"\"no\"\", then\nleft\",t 1-2,,false,,0,0,1,1,"
            + "null,0,0,0"));
    List<JmeterResults.Row> rows = JmeterResults.read(csv);
    assertEquals(rows.size(), 2);
    assertEquals(rows.get(0).label(), "call 1v1");
    assertEquals(rows.get(0).latency(), 3);
    assertEquals(rows.get(0).connect(), 2);
    assertTrue(rows.get(0).success());
    assertEquals(rows.get(1).label(), "call, odd");
    assertEquals(rows.get(1).responseMessage(), "said \"no\", then\nleft");
  }

  @Test
  public void aFileWithoutTheColumnsIsRefused() throws Exception {
    Path csv = Scratch.file("results", ".csv");
    Files.write(csv, List.of("timeStamp,elapsed,label", "1,2,x"));
    IOException e = expectThrows(IOException.class, () -> JmeterResults.read(csv));
    assertTrue(e.getMessage().contains("responseCode"), e.getMessage());
    Files.write(csv, List.of());
    expectThrows(IOException.class, () -> JmeterResults.read(csv));
  }
}
