package io.callfarm.engine.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The engine's SQLite database. One writer thread owns the connection: every operation is queued to
 * it in submission order, so a message stored for an offline user is always visible to that user's
 * next login, and writes are committed in batches (a commit whenever the queue runs dry). Reads block
 * the caller until answered. Thread-safe; {@link #close()} drains the queue and commits.
 */
public final class Store implements AutoCloseable {
  private static final Runnable STOP = () -> {};

  private final Path file;
  private final Connection db;
  private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;

  private Store(Path file, Connection db) {
    this.file = file;
    this.db = db;
    this.writer = new Thread(this::drain, "callfarm-store");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /** Opens (creating when absent) the database file and its schema. */
  public static Store open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement st = db.createStatement()) {
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=NORMAL");
        st.execute("PRAGMA foreign_keys=ON");
        for (String ddl : Schema.STATEMENTS) {
          st.execute(ddl);
        }
      }
      db.setAutoCommit(false);
      return new Store(file, db);
    } catch (Exception e) {
      throw new StoreException("cannot open database " + file + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  /** Registers or re-keys an app. */
  public void putApp(long sdkAppId, String secretKey) {
    write("put app", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO apps(sdk_app_id, secret_key) VALUES(?,?) "
              + "ON CONFLICT(sdk_app_id) DO UPDATE SET secret_key=excluded.secret_key")) {
        ps.setLong(1, sdkAppId);
        ps.setString(2, secretKey);
        ps.executeUpdate();
      }
    });
  }

  public Map<Long, String> apps() {
    return read("read apps", c -> {
      Map<Long, String> apps = new LinkedHashMap<>();
      try (Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT sdk_app_id, secret_key FROM apps")) {
        while (rs.next()) {
          apps.put(rs.getLong(1), rs.getString(2));
        }
      }
      return apps;
    });
  }

  /** Records a successful login (creates the user on first login). */
  public void recordLogin(long sdkAppId, String userId, long atMillis) {
    write("record login", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO users(sdk_app_id, user_id, first_login_ms, last_login_ms, logins) "
              + "VALUES(?,?,?,?,1) ON CONFLICT(sdk_app_id, user_id) DO UPDATE SET "
              + "last_login_ms=excluded.last_login_ms, logins=logins+1")) {
        ps.setLong(1, sdkAppId);
        ps.setString(2, userId);
        ps.setLong(3, atMillis);
        ps.setLong(4, atMillis);
        ps.executeUpdate();
      }
    });
  }

  public long loginCount(long sdkAppId, String userId) {
    return read("read logins", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT logins FROM users WHERE sdk_app_id=? AND user_id=?")) {
        ps.setLong(1, sdkAppId);
        ps.setString(2, userId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      }
    });
  }

  /** The ids of the app's users that ever logged in, most recent login first. */
  public List<String> users(long sdkAppId) {
    return read("read users", c -> {
      List<String> users = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT user_id FROM users WHERE sdk_app_id=? ORDER BY last_login_ms DESC, user_id")) {
        ps.setLong(1, sdkAppId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            users.add(rs.getString(1));
          }
        }
      }
      return users;
    });
  }

  public void createGroup(long sdkAppId, String groupId, String owner, Set<String> members,
      long atMillis) {
    write("create group", c -> {
      try (PreparedStatement g = c.prepareStatement(
          "INSERT INTO groups(sdk_app_id, group_id, owner, created_ms) VALUES(?,?,?,?)");
           PreparedStatement m = c.prepareStatement(
               "INSERT OR IGNORE INTO group_members(sdk_app_id, group_id, user_id) VALUES(?,?,?)")) {
        g.setLong(1, sdkAppId);
        g.setString(2, groupId);
        g.setString(3, owner);
        g.setLong(4, atMillis);
        g.executeUpdate();
        for (String member : members) {
          m.setLong(1, sdkAppId);
          m.setString(2, groupId);
          m.setString(3, member);
          m.addBatch();
        }
        m.executeBatch();
      }
    });
  }

  /** All groups of all apps: key {@code sdkAppId}, then group id to member ids. */
  public Map<Long, Map<String, Set<String>>> groups() {
    return read("read groups", c -> {
      Map<Long, Map<String, Set<String>>> all = new LinkedHashMap<>();
      try (Statement st = c.createStatement();
           ResultSet rs = st.executeQuery(
               "SELECT g.sdk_app_id, g.group_id, m.user_id FROM groups g LEFT JOIN group_members m "
                   + "ON g.sdk_app_id=m.sdk_app_id AND g.group_id=m.group_id ORDER BY m.rowid")) {
        while (rs.next()) {
          Set<String> members = all.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>())
              .computeIfAbsent(rs.getString(2), k -> new LinkedHashSet<>());
          if (rs.getString(3) != null) {
            members.add(rs.getString(3));
          }
        }
      }
      return all;
    });
  }

  /** Keeps a message for an offline user together with the push a real backend would send. */
  public void storeOffline(OfflineMessage message, String pushTitle, String pushSound,
      String pushPayload) {
    write("store offline message", c -> {
      long id;
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO offline_messages(sdk_app_id, to_user, from_user, group_id, sent_ms, data) "
              + "VALUES(?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
        ps.setLong(1, message.sdkAppId());
        ps.setString(2, message.toUser());
        ps.setString(3, message.fromUser());
        ps.setString(4, message.groupId());
        ps.setLong(5, message.sentAtMillis());
        ps.setString(6, message.data());
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          keys.next();
          id = keys.getLong(1);
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO push_records(message_id, to_user, title, sound, payload, created_ms) "
              + "VALUES(?,?,?,?,?,?)")) {
        ps.setLong(1, id);
        ps.setString(2, message.toUser());
        ps.setString(3, pushTitle);
        ps.setString(4, pushSound);
        ps.setString(5, pushPayload);
        ps.setLong(6, message.sentAtMillis());
        ps.executeUpdate();
      }
    });
  }

  /** Returns the user's undelivered messages, oldest first, and marks them delivered. */
  public List<OfflineMessage> takeOffline(long sdkAppId, String userId, long nowMillis) {
    return read("take offline messages", c -> {
      List<OfflineMessage> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, from_user, group_id, sent_ms, data FROM offline_messages "
              + "WHERE sdk_app_id=? AND to_user=? AND delivered_ms IS NULL ORDER BY id")) {
        ps.setLong(1, sdkAppId);
        ps.setString(2, userId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new OfflineMessage(rs.getLong(1), sdkAppId, userId, rs.getString(2),
                rs.getString(3), rs.getLong(4), rs.getString(5)));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE offline_messages SET delivered_ms=? WHERE id=?")) {
        for (OfflineMessage m : out) {
          ps.setLong(1, nowMillis);
          ps.setLong(2, m.id());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return out;
    });
  }

  public List<PushRecord> pushRecords(String toUser) {
    return read("read push records", c -> {
      List<PushRecord> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT message_id, to_user, title, sound, payload, created_ms FROM push_records "
              + "WHERE to_user=? ORDER BY message_id")) {
        ps.setString(1, toUser);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new PushRecord(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getLong(6)));
          }
        }
      }
      return out;
    });
  }

  public void saveCall(CallRecord call) {
    write("save call record", c -> CallRecords.insert(c, call));
  }

  /** Call records, newest first, at most {@code limit}. */
  public List<CallRecord> calls(int limit) {
    return read("read call records", c -> CallRecords.select(c, null, limit));
  }

  public Optional<CallRecord> call(String callId) {
    return read("read call record", c -> CallRecords.select(c, callId, 1).stream().findFirst());
  }

  /** Blocks until everything queued before this call is committed. */
  public void flush() {
    read("flush", c -> null);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(STOP);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
      db.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      throw new StoreException("closing " + file + " failed: " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  @FunctionalInterface
  interface SqlUpdate {
    void run(Connection c) throws SQLException;
  }

  private void write(String what, SqlUpdate work) {
    submit(what, c -> {
      work.run(c);
      return null;
    });
  }

  private <T> T read(String what, SqlWork<T> work) {
    return submit(what, work).join();
  }

  private <T> CompletableFuture<T> submit(String what, SqlWork<T> work) {
    if (closed) {
      throw new StoreException(what + ": database " + file + " is closed", null);
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    queue.add(() -> {
      try {
        result.complete(work.run(db));
      } catch (SQLException | RuntimeException e) {
        System.err.println("callfarm-store: " + what + " failed: " + e.getMessage());
        result.completeExceptionally(new StoreException(what + " failed in " + file + ": "
            + e.getMessage(), e));
      }
    });
    return result;
  }

  private void drain() {
    List<Runnable> batch = new ArrayList<>();
    boolean running = true;
    while (running) {
      try {
        batch.add(queue.take());
        queue.drainTo(batch, 512);
        for (Runnable task : batch) {
          if (task == STOP) {
            running = false;
          } else {
            task.run();
          }
        }
        batch.clear();
        db.commit();
      } catch (InterruptedException e) {
        running = false;
      } catch (SQLException e) {
        System.err.println("callfarm-store: commit failed in " + file + ": " + e.getMessage());
      }
    }
  }
}
