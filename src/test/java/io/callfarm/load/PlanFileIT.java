package io.callfarm.load;

import static org.testng.Assert.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.testng.annotations.Test;

/**
 * The plan under suites/load is one a JMeter user can open in the GUI of the JMeter home the
 * launcher builds (target/jmeter): every element's test and GUI class is one JMeter's save service
 * maps and the home's jars hold, and every Java Request class is in the plugin jar and announced
 * through its service file (how the GUI lists Java Request classes). The non-GUI load of the same
 * file is exercised by DistributedRunIT.
 */
@Test(groups = "integration")
public class PlanFileIT {
  private static final Path HOME = Path.of("target/jmeter");
  private static final Path PLAN = Path.of("suites/load/callfarm-calls.jmx");

  @Test
  public void everyElementOfThePlanResolvesInTheJmeterHome() throws Exception {
    Properties aliases = new Properties();
    try (InputStream in = Files.newInputStream(HOME.resolve("bin/saveservice.properties"))) {
      aliases.load(in);
    }
    List<URL> jars = new ArrayList<>();
    for (String dir : List.of("lib", "lib/ext")) {
      try (Stream<Path> files = Files.list(HOME.resolve(dir))) {
        for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
          jars.add(jar.toUri().toURL());
        }
      }
    }
    List<String> problems = new ArrayList<>();
    List<String> javaClients = new ArrayList<>();
    try (URLClassLoader jmeter = new URLClassLoader(jars.toArray(URL[]::new), null)) {
      Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(PLAN.toFile()).getDocumentElement();
      NodeList all = root.getElementsByTagName("*");
      int elements = 0;
      for (int i = 0; i < all.getLength(); i++) {
        Element e = (Element) all.item(i);
        for (String attribute : List.of("testclass", "guiclass")) {
          String alias = e.getAttribute(attribute);
          if (alias.isEmpty()) {
            continue;
          }
          elements++;
          String className = aliases.getProperty(alias, alias);
          try {
            Class.forName(className, false, jmeter);
          } catch (ClassNotFoundException | LinkageError x) {
            problems.add(attribute + "=" + alias + " (" + className + "): " + x);
          }
        }
        if (e.getTagName().equals("stringProp") && e.getAttribute("name").equals("classname")) {
          javaClients.add(e.getTextContent().trim());
        }
      }
      assertTrue(elements >= 16, "the plan has its thread groups, samplers and a listener: "
          + elements);
      for (String client : javaClients) {
        try {
          Class.forName(client, false, jmeter);
        } catch (ClassNotFoundException | LinkageError x) {
          problems.add("Java Request class " + client + ": " + x);
        }
      }
    }
    assertTrue(javaClients.containsAll(List.of("io.callfarm.jmeter.ShardLogin",
        "io.callfarm.jmeter.CallAttempt", "io.callfarm.jmeter.ShardReport")), javaClients.toString());
    try (JarFile plugin = new JarFile(HOME.resolve("lib/ext/callfarm-jmeter.jar").toFile())) {
      String services = new String(plugin.getInputStream(plugin.getEntry(
          "META-INF/services/org.apache.jmeter.protocol.java.sampler.JavaSamplerClient"))
          .readAllBytes(), StandardCharsets.UTF_8);
      javaClients.forEach(c -> {
        if (!services.contains(c)) {
          problems.add(c + " is not in the plugin's JavaSamplerClient service file");
        }
      });
    }
    assertTrue(problems.isEmpty(), "the plan does not resolve:\n" + String.join("\n", problems));
  }
}
