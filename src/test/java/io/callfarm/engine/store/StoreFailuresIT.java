package io.callfarm.engine.store;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.callfarm.engine.store.StoreException.Reason;
import io.callfarm.scratch.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.Test;

/**
 * The database writer under failure: a write that throws (an {@link Error} too) fails alone and is
 * rolled back, a failed commit fails every write of its batch, the writer goes on, a full queue
 * refuses with a code, and no write reports success before its commit.
 */
@Test(groups = "integration")
public class StoreFailuresIT {

  @Test(timeOut = 20_000)
  public void everyOpeningIsANewRunUntilTheRunsRunOut() throws Exception {
    Path file = temp();
    try (Store store = Store.open(file)) {
      assertEquals(store.run(), 1, "a new file");
    }
    try (Store store = Store.open(file)) {
      assertEquals(store.run(), 2, "the next opening");
    }
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
         Statement st = db.createStatement()) {
      st.executeUpdate("INSERT INTO engine_runs(run, started_ms) VALUES(" + Store.MAX_RUNS + ", 0)");
    }
    StoreException full = expectThrows(StoreException.class, () -> Store.open(file));
    assertEquals(full.reason(), Reason.FAILED);
    assertTrue(full.getMessage().contains("start on a new database file"), full.getMessage());
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
         Statement st = db.createStatement();
         ResultSet rs = st.executeQuery("SELECT max(run) FROM engine_runs")) {
      assertEquals(rs.getLong(1), Store.MAX_RUNS, "a refused opening counts no run");
    }
  }

  @Test(timeOut = 20_000)
  public void anErrorInAWriteFailsItAloneAndTheWriterGoesOn() throws Exception {
    try (Store store = Store.open(temp())) {
      CompletableFuture<Void> boom = store.write("explode", c -> {
        throw new AssertionError("a bug inside a write");
      });
      ExecutionException e = expectThrows(ExecutionException.class, () -> boom.get(5, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof StoreException, String.valueOf(e.getCause()));
      assertEquals(((StoreException) e.getCause()).reason(), Reason.FAILED);
      store.recordLogin(1, "alice", 1000).get(5, TimeUnit.SECONDS);
      assertEquals(store.loginCount(1, "alice"), 1, "the writer survived the Error");
    }
  }

  @Test(timeOut = 20_000)
  public void aHalfDoneWriteIsRolledBack() throws Exception {
    try (Store store = Store.open(temp())) {
      CompletableFuture<Void> half = store.write("half", c -> {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO users(sdk_app_id, user_id, first_login_ms, last_login_ms, logins) "
                + "VALUES(1,'ghost',0,0,1)")) {
          ps.executeUpdate();
        }
        throw new java.sql.SQLException("the second statement of the write fails");
      });
      expectThrows(ExecutionException.class, () -> half.get(5, TimeUnit.SECONDS));
      store.flush();
      assertEquals(store.loginCount(1, "ghost"), 0, "nothing of the failed write was kept");
    }
  }

  @Test(timeOut = 20_000)
  public void aFailedCommitFailsEveryWriteOfItsBatch() throws Exception {
    try (Store store = Store.open(temp())) {
      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Void> gate = store.write("gate", c -> {
        running.countDown();
        try {
          release.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertTrue(running.await(5, TimeUnit.SECONDS));
      // queued behind the running gate, these two are committed as one batch
      CompletableFuture<Void> good = store.recordLogin(1, "bob", 1000);
      CompletableFuture<Void> poison = store.write("violate a deferred foreign key", c -> {
        try (Statement st = c.createStatement()) {
          st.execute("PRAGMA defer_foreign_keys=ON");
          st.execute("INSERT INTO push_records(message_id, to_user, title, sound, payload, "
              + "created_ms) VALUES(987654, 'bob', 't', 's', 'p', 0)");
        }
      });
      release.countDown();
      gate.get(5, TimeUnit.SECONDS);
      ExecutionException e = expectThrows(ExecutionException.class, () -> good.get(5, TimeUnit.SECONDS));
      assertTrue(e.getCause().getMessage().contains("commit failed"), e.getCause().getMessage());
      expectThrows(ExecutionException.class, () -> poison.get(5, TimeUnit.SECONDS));
      assertEquals(store.loginCount(1, "bob"), 0, "the batch was rolled back");
      store.recordLogin(1, "bob", 2000).get(5, TimeUnit.SECONDS);
      assertEquals(store.loginCount(1, "bob"), 1, "the next batch commits");
    }
  }

  @Test(timeOut = 20_000)
  public void writesCompleteOnlyAfterTheirCommit() throws Exception {
    try (Store store = Store.open(temp())) {
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Void> slow = store.write("slow", c -> {
        try {
          release.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      CompletableFuture<Void> login = store.recordLogin(1, "carol", 1000);
      assertFalse(login.isDone(), "not committed yet, so not done");
      release.countDown();
      login.get(5, TimeUnit.SECONDS);
      assertTrue(slow.isDone());
    }
  }

  @Test(timeOut = 20_000)
  public void aFullQueueRefusesWithOverloadedAfterTheOfferTimeout() throws Exception {
    try (Store store = Store.open(temp(), 2)) {
      CountDownLatch release = new CountDownLatch(1);
      store.write("block the writer", c -> {
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (store.queued() > 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait(); // the writer takes the blocking task off the queue
      }
      store.recordLogin(1, "q1", 1);
      store.recordLogin(1, "q2", 1);
      long start = System.nanoTime();
      CompletableFuture<Void> refused = store.recordLogin(1, "q3", 1);
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      ExecutionException e = expectThrows(ExecutionException.class, refused::get);
      assertEquals(((StoreException) e.getCause()).reason(), Reason.OVERLOADED);
      assertTrue(waitedMillis >= Store.OFFER_TIMEOUT_MILLIS - 5, "backpressure first: " + waitedMillis);
      release.countDown();
      store.flush();
      assertEquals(store.loginCount(1, "q2"), 1);
      assertEquals(store.loginCount(1, "q3"), 0);
    }
  }

  @Test
  public void anOldDatabaseLosesItsPlainTextKeys() throws Exception {
    Path file = temp();
    String key = "plain-text-key-of-an-earlier-version-0123456789";
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
         Statement st = db.createStatement()) {
      st.execute("CREATE TABLE apps (sdk_app_id INTEGER PRIMARY KEY, secret_key TEXT NOT NULL)");
      st.execute("INSERT INTO apps VALUES (1400000001, '" + key + "')");
    }
    try (Store store = Store.open(file)) {
      store.registerApp(1400000001L, "fingerprint00001", 1);
      store.flush();
    }
    for (Path f : java.util.List.of(file, Path.of(file + "-wal"))) {
      if (Files.exists(f)) {
        assertFalse(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)
            .contains(key), f + " still holds the key");
      }
    }
  }

  private static Path temp() throws Exception {
    return Scratch.folder("callfarm-store").resolve("engine.db");
  }
}
