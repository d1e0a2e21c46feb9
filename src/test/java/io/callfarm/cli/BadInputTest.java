package io.callfarm.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.callfarm.engine.EngineConfig;
import io.callfarm.engine.auth.UserSigVerifier;
import io.callfarm.scratch.Scratch;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Bad input to {@code run}, {@code engine}, {@code usersig}, {@code load} and {@code demo} is refused before anything
 * starts, as {@code error <code>: <message>} on stderr with exit code 2 and no stack trace; the input just inside a
 * bound is accepted.
 */
public class BadInputTest {

  private static final String SCENARIO = "suites/scenarios/calls/repeated-calls.yaml";

  private Path dir;

  @BeforeClass
  public void scratch() throws IOException {
    dir = Scratch.folder("bad-input");
  }

  @Test
  public void runRefusesAFarmFileThatIsMissing() {
    Path missing = dir.resolve("nonexistent.yaml");
    assertRefused(Launcher.run("run", "--farm", missing.toString(), SCENARIO, "--reports",
        dir.resolve("reports").toString()), "error no_such_file: --farm " + missing + ": no such file");
    assertFalse(Files.exists(dir.resolve("reports")), "nothing ran");
  }

  @Test
  public void runRefusesABrokenFarmFile() throws IOException {
    Path broken = Files.writeString(dir.resolve("broken-farm.yaml"), "pools: []\n");
    assertRefused(Launcher.run("run", "--farm", broken.toString(), SCENARIO, "--reports",
        dir.resolve("reports").toString()), "error config: " + broken + ": needs a non-empty 'pools' list");
  }

  @Test
  public void runRefusesAMalformedSuite() throws IOException {
    Path suite = Files.writeString(dir.resolve("malformed.xml"), "<!DOCTYPE suite SYSTEM "
        + "\"https://testng.org/testng-1.0.dtd\">\n<suite name=\"x\"><test name=\"t\">");
    Launcher.Outcome run = Launcher.run("run", suite.toString());
    assertRefused(run, "error bad_suite: " + suite + ": not a TestNG suite XML (");
    assertEquals(run.stderr().lines().count(), 1, run.stderr());
  }

  @Test
  public void runRefusesASuiteNamingAClassThatDoesNotExist() throws IOException {
    Path suite = Files.writeString(dir.resolve("unknown-class.xml"), "<!DOCTYPE suite SYSTEM "
        + "\"https://testng.org/testng-1.0.dtd\">\n<suite name=\"x\"><test name=\"t\"><classes>"
        + "<class name=\"io.callfarm.NoSuchTests\"/></classes></test></suite>\n");
    assertRefused(Launcher.run("run", suite.toString()), "error bad_suite: " + suite + ": test 't' names class "
        + "io.callfarm.NoSuchTests, which is not on the classpath");
  }

  @Test
  public void runRefusesReportsThatAreAFileAndAFolderAsTarget() throws IOException {
    Path file = Files.writeString(dir.resolve("reports.txt"), "keep me");
    assertRefused(Launcher.run("run", SCENARIO, "--reports", file.toString()), "error not_a_folder: --reports "
        + file + " is a file, not a folder");
    assertEquals(Files.readString(file), "keep me");
    assertRefused(Launcher.run("run", dir.toString()), "error invalid_argument: " + dir + " is a folder: give a "
        + "suites/*.xml or a scenario .yaml");
    assertRefused(Launcher.run("run", dir.resolve("none.yaml").toString()), "error no_such_file: "
        + dir.resolve("none.yaml") + " does not exist");
  }

  @Test
  public void engineRefusesAnAppOutOfRangeAndAnUnknownHost() {
    assertRefused(Launcher.run("engine", "--app", "-5"), "error invalid_argument: sdkAppId must be 1.."
        + EngineConfig.MAX_SDK_APP_ID + ", got -5");
    assertRefused(Launcher.run("engine", "--host", "nonexistent.invalid"), "error invalid_argument: --host "
        + "nonexistent.invalid: no such host");
  }

  @Test
  public void engineRefusesADatabaseThatIsAFolderOrInAFolderThatDoesNotExist() {
    assertRefused(Launcher.run("engine", "--db", dir.toString()), "error invalid_argument: --db " + dir
        + " is a folder");
    Path orphan = dir.resolve("nonexistent").resolve("x.db");
    assertRefused(Launcher.run("engine", "--db", orphan.toString()), "error no_such_file: --db " + orphan
        + ": the folder " + orphan.getParent() + " does not exist");
    assertFalse(Files.exists(orphan.getParent()), "no folder made");
  }

  @Test
  public void engineAndUsersigSayAKeyFileIsMissingInWords() {
    Path missing = dir.resolve("no-key.txt");
    String expected = "error invalid_argument: cannot read the key file " + missing + ": no such file";
    assertRefused(Launcher.run("engine", "--key-file", missing.toString()), expected);
    assertRefused(Launcher.run("usersig", "--app", "1", "--user", "alice", "--key-file", missing.toString()),
        expected);
  }

  @Test
  public void usersigRefusesWhatTheEngineRefuses() {
    for (String app : new String[] {"-5", "0", "99999999999"}) {
      assertRefused(Launcher.run("usersig", "--app", app, "--user", "alice"), "error invalid_argument: --app "
          + "must be 1.." + EngineConfig.MAX_SDK_APP_ID + " (an SDKAppID), got " + app);
    }
    assertRefused(Launcher.run("usersig", "--app", "1", "--user", "alice", "--ttl", "99999999999999"),
        "error invalid_argument: --ttl must be 1.." + UserSigVerifier.MAX_EPOCH_SECONDS + " seconds");
    assertRefused(Launcher.run("usersig", "--app", "1", "--user", "alice", "--ttl", "0"),
        "error invalid_argument: --ttl must be 1..");
  }

  @Test
  public void usersigAcceptsTheBoundsThemselves() {
    Launcher.Outcome widest = Launcher.run("usersig", "--app", "" + EngineConfig.MAX_SDK_APP_ID, "--user", "alice",
        "--ttl", "" + UserSigVerifier.MAX_EPOCH_SECONDS, "--json");
    assertEquals(widest.exit(), 0, widest.stderr());
    assertTrue(widest.stdout().contains("\"sdkAppId\":" + EngineConfig.MAX_SDK_APP_ID), widest.stdout());
    assertEquals(Launcher.run("usersig", "--app", "1", "--user", "alice").exit(), 0);
  }

  @Test
  public void loadReadsTheKeyFileAsEngineAndUsersigDo() throws IOException {
    // the key is the first line: a short first line is refused even when the whole file would be long enough
    Path key = Files.writeString(dir.resolve("key.txt"), "short\nthe-rest-of-the-file-is-not-the-key\n");
    assertRefused(load("--engine", "ws://127.0.0.1:9/ws", "--key-file", key.toString()), "error invalid_argument: "
        + "key file " + key + ": the app secret key must be at least 16 characters");
  }

  @Test
  public void loadRefusesAnEngineThatIsNotThereOrNotAUrl() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String uri = "ws://127.0.0.1:" + closedPort + "/ws";
    assertRefused(load("--engine", uri), "error engine_unreachable: cannot reach the engine at " + uri + " (");
    assertRefused(load("--engine", "notaurl"), "error invalid_argument: --engine notaurl: not a ws:// URL");
  }

  @Test
  public void loadRefusesAnOutputThatIsAFile() throws IOException {
    Path file = Files.writeString(dir.resolve("out.txt"), "keep me");
    assertRefused(load("--out", file.toString()), "error not_a_folder: --out " + file + " is a file, not a folder");
    assertEquals(Files.readString(file), "keep me");
  }

  @Test
  public void demoRefusesATimeoutBeyondItsBound() {
    Launcher.Outcome refused = Launcher.run("demo", "--timeout", "" + (DemoCommand.MAX_TIMEOUT_MILLIS + 1));
    assertRefused(refused, "error invalid_argument: --timeout must be 1.." + DemoCommand.MAX_TIMEOUT_MILLIS
        + " ms, got " + (DemoCommand.MAX_TIMEOUT_MILLIS + 1));
    assertFalse(refused.stdout().contains("engine: "), "nothing started: " + refused.stdout());
  }

  private static Launcher.Outcome load(String... options) {
    String[] args = new String[options.length + 7];
    System.arraycopy(new String[] {"load", "--users", "2", "--cps", "1", "--duration", "1"}, 0, args, 0, 7);
    System.arraycopy(options, 0, args, 7, options.length);
    return Launcher.run(args);
  }

  private static void assertRefused(Launcher.Outcome outcome, String messageStart) {
    assertEquals(outcome.exit(), Refusal.EXIT, outcome.stderr());
    assertTrue(outcome.stderr().startsWith(messageStart), "expected '" + messageStart + "...', got: "
        + outcome.stderr());
    assertFalse(outcome.stderr().contains("\tat ") || outcome.stderr().contains("Exception"),
        "no stack trace, no class names: " + outcome.stderr());
  }
}
