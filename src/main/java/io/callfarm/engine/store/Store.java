package io.callfarm.engine.store;

import io.callfarm.engine.store.StoreException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's SQLite database. One writer thread owns the connection and runs every operation in
 * submission order, so a message stored for a user is always visible to that user's next login.
 *
 * <p>Durability contract: a write's future completes only after the transaction holding it was
 * committed (writes are committed in batches, whenever the queue runs dry or 512 are done); with
 * WAL and {@code synchronous=NORMAL} a committed write survives a crash of the process ({@code kill
 * -9}), not necessarily a power loss. Each write is atomic: it runs in its own savepoint, and a write
 * that fails is rolled back alone and fails its future. A failed commit rolls the whole batch back
 * and fails every write of it. Nothing is printed and forgotten.
 *
 * <p>Bounds: the queue holds at most {@code capacity} operations; a submit waits up to
 * {@value #OFFER_TIMEOUT_MILLIS} ms for room (backpressure on the caller's thread) and is then
 * refused with {@link Reason#OVERLOADED}. Blocking reads wait at most {@link #READ_TIMEOUT}.
 * Thread-safe; {@link #close()} drains the queue and commits.
 */
public final class Store implements AutoCloseable {
  /** Operations the queue holds by default. */
  public static final int DEFAULT_CAPACITY = 20_000;
  /** How long a submit waits for room in a full queue. */
  static final long OFFER_TIMEOUT_MILLIS = 250;
  /** How long a blocking read waits for its answer. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  /** Delivered or expired messages (and their push records) are kept this long for inspection. */
  public static final Duration MESSAGE_RETENTION = Duration.ofHours(1);
  private static final int BATCH = 512;
  private static final Logger LOG = LoggerFactory.getLogger(Store.class);

  /**
   * Runs a database can count: a run's message ids lie in its own range of 2^32 (see {@link #run()}),
   * and 2^21 runs of them stay below 2^53, the largest integer a JavaScript client reads exactly.
   */
  public static final long MAX_RUNS = (1L << 21) - 1;

  private final Path file;
  private final Connection db;
  private final long run;
  private final BlockingQueue<Task<?>> queue;
  private final Thread writer;
  /**
   * Undelivered messages per recipient ("app/user"), loaded on first use and kept by the writer
   * thread alone, so the per-recipient cap costs no count query per message. Expired messages count
   * until the purge removes them; any rollback clears it (it reloads from the table).
   */
  private final Map<String, Long> undelivered = new java.util.HashMap<>();
  private volatile boolean closed;

  /**
   * One queued operation; {@code write} ones complete after their commit, {@code atomic} ones (more
   * than one statement) run in a savepoint so a failure undoes all of them.
   */
  private record Task<T>(String what, SqlWork<T> work, boolean write, boolean atomic,
      CompletableFuture<T> result) {
    static final Task<Void> STOP = new Task<>("stop", c -> null, false, false,
        new CompletableFuture<>());
  }

  /**
   * Statements of the hot paths, prepared once by the writer thread and kept (SQLite compiles a
   * statement in tens of microseconds; the hot paths run thousands of times a second under load).
   */
  private final Map<String, PreparedStatement> statements = new java.util.HashMap<>();

  /** Writer thread only: the cached statement for {@code sql}, parameters cleared. */
  private PreparedStatement cached(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = db.prepareStatement(sql);
      statements.put(sql, ps);
    }
    ps.clearParameters();
    return ps;
  }

  private Store(Path file, Connection db, long run, int capacity) {
    this.file = file;
    this.db = db;
    this.run = run;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = new Thread(this::drain, "callfarm-store");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /** Opens (creating when absent) the database file and its schema, with the default queue bound. */
  public static Store open(Path file) {
    return open(file, DEFAULT_CAPACITY);
  }

  /** As {@link #open(Path)} with a queue of at most {@code capacity} operations. */
  public static Store open(Path file, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("store queue capacity must be positive, got " + capacity);
    }
    Connection db;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    } catch (Exception e) {
      throw new StoreException(Reason.FAILED, "cannot open database " + file + ": "
          + e.getMessage(), e);
    }
    try {
      try (Statement st = db.createStatement()) {
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=NORMAL");
        st.execute("PRAGMA foreign_keys=ON");
        st.execute("PRAGMA secure_delete=ON");
        Schema.apply(db);
        // nothing of an earlier version's plain-text keys stays in the write-ahead log
        st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
      long run = startRun(db);
      db.setAutoCommit(false);
      return new Store(file, db, run, capacity);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(db, e);
      throw e instanceof StoreException refused ? refused
          : new StoreException(Reason.FAILED, "cannot open database " + file + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(Connection db, Exception cause) {
    try {
      db.close();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** Counts this opening of the file as a new run (committed before anything else happens). */
  private static long startRun(Connection db) throws SQLException {
    long last;
    try (Statement st = db.createStatement();
         ResultSet rs = st.executeQuery("SELECT coalesce(max(run), 0) FROM engine_runs")) {
      last = rs.next() ? rs.getLong(1) : 0;
    }
    if (last >= MAX_RUNS) {
      throw new StoreException(Reason.FAILED, "the database has counted " + last + " engine runs, the "
          + "most its message ids have room for (start on a new database file)", null);
    }
    try (PreparedStatement ps = db.prepareStatement("INSERT INTO engine_runs(run, started_ms) VALUES(?,?)")) {
      ps.setLong(1, last + 1);
      ps.setLong(2, System.currentTimeMillis());
      ps.executeUpdate();
    }
    return last + 1;
  }

  public Path file() {
    return file;
  }

  /**
   * This opening's number (1 for a new file, one more at every start, also after a crash). The
   * engine gives each run its own range of message ids, so an id handed out live but never
   * committed before a crash is not handed out again to a client that already saw it.
   */
  public long run() {
    return run;
  }

  /** Operations waiting for the writer right now. */
  public int queued() {
    return queue.size();
  }

  /**
   * Makes {@code sdkAppId} the one app this database is served for, with the fingerprint of its key
   * (never the key). Returns the registration it replaced, if any: another app, or the same app with
   * another key fingerprint, tells the engine's log that earlier UserSigs no longer verify.
   */
  public Optional<String> registerApp(long sdkAppId, String keyFingerprint, long atMillis) {
    return await("register app", writeReturning("register app", c -> {
      String previous = null;
      try (Statement st = c.createStatement();
           ResultSet rs = st.executeQuery(
               "SELECT sdk_app_id, key_fingerprint FROM app_registrations")) {
        while (rs.next()) {
          if (rs.getLong(1) != sdkAppId || !rs.getString(2).equals(keyFingerprint)) {
            previous = "app " + rs.getLong(1) + " (key " + rs.getString(2) + ")";
          }
        }
      }
      try (Statement st = c.createStatement()) {
        st.executeUpdate("DELETE FROM app_registrations");
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO app_registrations(sdk_app_id, key_fingerprint, registered_ms) VALUES(?,?,?)")) {
        ps.setLong(1, sdkAppId);
        ps.setString(2, keyFingerprint);
        ps.setLong(3, atMillis);
        ps.executeUpdate();
      }
      return Optional.ofNullable(previous);
    }));
  }

  /** The registered app ids (one, once an engine started on this file). */
  public Set<Long> registeredApps() {
    return read("read app registrations", c -> {
      Set<Long> apps = new LinkedHashSet<>();
      try (Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT sdk_app_id FROM app_registrations")) {
        while (rs.next()) {
          apps.add(rs.getLong(1));
        }
      }
      return apps;
    });
  }

  /** Records a successful login (creates the user on first login). */
  public CompletableFuture<Void> recordLogin(long sdkAppId, String userId, long atMillis) {
    return submit("record login", true, false, c -> {
      PreparedStatement ps = cached(
          "INSERT INTO users(sdk_app_id, user_id, first_login_ms, last_login_ms, logins) "
              + "VALUES(?,?,?,?,1) ON CONFLICT(sdk_app_id, user_id) DO UPDATE SET "
              + "last_login_ms=excluded.last_login_ms, logins=logins+1");
      ps.setLong(1, sdkAppId);
      ps.setString(2, userId);
      ps.setLong(3, atMillis);
      ps.setLong(4, atMillis);
      ps.executeUpdate();
      return null;
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

  /** A new group: its owner is its first member; {@code invited} may join later. */
  public CompletableFuture<Void> createGroup(long sdkAppId, String groupId, String owner,
      Set<String> members, Set<String> invited, long atMillis) {
    return write("create group", c -> {
      try (PreparedStatement g = c.prepareStatement(
          "INSERT INTO groups(sdk_app_id, group_id, owner, created_ms) VALUES(?,?,?,?)")) {
        g.setLong(1, sdkAppId);
        g.setString(2, groupId);
        g.setString(3, owner);
        g.setLong(4, atMillis);
        g.executeUpdate();
      }
      addMembers(c, sdkAppId, groupId, members);
      addInvites(c, sdkAppId, groupId, invited, atMillis);
    });
  }

  /** The owner invited more users. */
  public CompletableFuture<Void> inviteToGroup(long sdkAppId, String groupId, Set<String> invited,
      long atMillis) {
    return write("invite to group", c -> addInvites(c, sdkAppId, groupId, invited, atMillis));
  }

  /** An invited user consented: from invitee to member. */
  public CompletableFuture<Void> joinGroup(long sdkAppId, String groupId, String userId) {
    return write("join group", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM group_invites WHERE sdk_app_id=? AND group_id=? AND user_id=?")) {
        ps.setLong(1, sdkAppId);
        ps.setString(2, groupId);
        ps.setString(3, userId);
        ps.executeUpdate();
      }
      addMembers(c, sdkAppId, groupId, Set.of(userId));
    });
  }

  private static void addMembers(Connection c, long app, String groupId, Set<String> users)
      throws SQLException {
    try (PreparedStatement m = c.prepareStatement(
        "INSERT OR IGNORE INTO group_members(sdk_app_id, group_id, user_id) VALUES(?,?,?)")) {
      for (String user : users) {
        m.setLong(1, app);
        m.setString(2, groupId);
        m.setString(3, user);
        m.addBatch();
      }
      m.executeBatch();
    }
  }

  private static void addInvites(Connection c, long app, String groupId, Set<String> users,
      long atMillis) throws SQLException {
    try (PreparedStatement m = c.prepareStatement(
        "INSERT OR IGNORE INTO group_invites(sdk_app_id, group_id, user_id, invited_ms) "
            + "VALUES(?,?,?,?)")) {
      for (String user : users) {
        m.setLong(1, app);
        m.setString(2, groupId);
        m.setString(3, user);
        m.setLong(4, atMillis);
        m.addBatch();
      }
      m.executeBatch();
    }
  }

  /** All groups of all apps with their owners, members and pending invitations. */
  public List<GroupRecord> groups() {
    return read("read groups", c -> {
      Map<String, GroupRecord> all = new LinkedHashMap<>();
      try (Statement st = c.createStatement();
           ResultSet rs = st.executeQuery(
               "SELECT sdk_app_id, group_id, owner FROM groups ORDER BY rowid")) {
        while (rs.next()) {
          all.put(rs.getLong(1) + "/" + rs.getString(2), new GroupRecord(rs.getLong(1),
              rs.getString(2), rs.getString(3), new LinkedHashSet<>(), new LinkedHashSet<>()));
        }
      }
      for (String table : List.of("group_members", "group_invites")) {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT sdk_app_id, group_id, user_id FROM " + table
                 + " ORDER BY rowid")) {
          while (rs.next()) {
            GroupRecord group = all.get(rs.getLong(1) + "/" + rs.getString(2));
            if (group != null) {
              (table.equals("group_members") ? group.members() : group.invited())
                  .add(rs.getString(3));
            }
          }
        }
      }
      return List.copyOf(all.values());
    });
  }

  /**
   * Keeps a message until its recipient acknowledges it or it expires; with {@code push} (the
   * recipient was offline) also the push a real backend would send. Completes once committed.
   *
   * @param cap refuse with {@link Reason#RECIPIENT_FULL} when the recipient already holds this many
   *     undelivered messages (expired ones count until the next {@link #purge}); 0 for no cap
   */
  public CompletableFuture<Void> storeMessage(StoredMessage message, PushRecord push, int cap) {
    String recipient = message.sdkAppId() + "/" + message.toUser();
    return submit("store message", true, push != null, c -> {
      Long held = cap > 0 ? Long.valueOf(heldBy(c, recipient, message.sdkAppId(), message.toUser()))
          : undelivered.get(recipient);
      if (cap > 0 && held >= cap) {
        throw new StoreException(Reason.RECIPIENT_FULL, "'" + message.toUser() + "' already holds "
            + cap + " undelivered messages", null);
      }
      PreparedStatement ps = cached(
          "INSERT INTO offline_messages(id, sdk_app_id, to_user, from_user, group_id, sent_ms, "
              + "expires_ms, data) VALUES(?,?,?,?,?,?,?,?)");
      ps.setLong(1, message.id());
      ps.setLong(2, message.sdkAppId());
      ps.setString(3, message.toUser());
      ps.setString(4, message.fromUser());
      ps.setString(5, message.groupId());
      ps.setLong(6, message.sentAtMillis());
      ps.setLong(7, message.expiresAtMillis());
      ps.setString(8, message.data());
      ps.executeUpdate();
      if (push != null) {
        PreparedStatement pr = cached(
            "INSERT INTO push_records(message_id, to_user, title, sound, payload, created_ms) "
                + "VALUES(?,?,?,?,?,?)");
        pr.setLong(1, message.id());
        pr.setString(2, message.toUser());
        pr.setString(3, push.title());
        pr.setString(4, push.sound());
        pr.setString(5, push.payload());
        pr.setLong(6, message.sentAtMillis());
        pr.executeUpdate();
      }
      if (held != null) { // a recipient not counted yet is counted when a cap first needs it
        undelivered.put(recipient, held + 1);
      }
      return null;
    });
  }

  /** Writer thread only: the recipient's undelivered messages, counted once then kept. */
  private long heldBy(Connection c, String recipient, long app, String user) throws SQLException {
    Long held = undelivered.get(recipient);
    if (held == null) {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT count(*) FROM offline_messages WHERE sdk_app_id=? AND to_user=? "
              + "AND delivered_ms IS NULL")) {
        ps.setLong(1, app);
        ps.setString(2, user);
        try (ResultSet rs = ps.executeQuery()) {
          held = rs.next() ? rs.getLong(1) : 0L;
        }
      }
      undelivered.put(recipient, held);
    }
    return held;
  }

  private static long undeliveredCount(Connection c, long app, String user, long nowMillis)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT count(*) FROM offline_messages WHERE sdk_app_id=? AND to_user=? "
            + "AND delivered_ms IS NULL AND expires_ms > ?")) {
      ps.setLong(1, app);
      ps.setString(2, user);
      ps.setLong(3, nowMillis);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    }
  }

  /**
   * The user's undelivered, unexpired messages with an id above {@code afterId}, oldest first, at
   * most {@code limit}. Sees every write submitted before it.
   */
  public CompletableFuture<List<StoredMessage>> undelivered(long sdkAppId, String userId,
      long afterId, int limit, long nowMillis) {
    return submit("read undelivered messages", false, false, c -> {
      List<StoredMessage> out = new ArrayList<>();
      PreparedStatement ps = cached(
          "SELECT m.id, m.from_user, m.group_id, m.sent_ms, m.expires_ms, m.data, "
              + "p.message_id IS NOT NULL FROM offline_messages m "
              + "LEFT JOIN push_records p ON p.message_id = m.id "
              + "WHERE m.sdk_app_id=? AND m.to_user=? AND m.delivered_ms IS NULL AND m.id > ? "
              + "AND m.expires_ms > ? ORDER BY m.id LIMIT ?");
      ps.setLong(1, sdkAppId);
      ps.setString(2, userId);
      ps.setLong(3, afterId);
      ps.setLong(4, nowMillis);
      ps.setInt(5, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new StoredMessage(rs.getLong(1), sdkAppId, userId, rs.getString(2),
              rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getString(6), rs.getBoolean(7)));
        }
      }
      return out;
    });
  }

  /** The recipient acknowledged these of its messages; ids of other users' messages are ignored. */
  public CompletableFuture<Void> markDelivered(long sdkAppId, String userId, Collection<Long> ids,
      long nowMillis) {
    // idempotent: a failure halfway leaves messages that are then delivered again, never lost
    return submit("mark messages delivered", true, false, c -> {
      PreparedStatement ps = cached(
          "UPDATE offline_messages SET delivered_ms=? WHERE id=? AND sdk_app_id=? AND to_user=? "
              + "AND delivered_ms IS NULL");
      for (long id : ids) {
        ps.setLong(1, nowMillis);
        ps.setLong(2, id);
        ps.setLong(3, sdkAppId);
        ps.setString(4, userId);
        ps.addBatch();
      }
      long marked = 0;
      for (int n : ps.executeBatch()) {
        marked += Math.max(0, n);
      }
      String recipient = sdkAppId + "/" + userId;
      Long held = undelivered.get(recipient);
      if (held != null) {
        if (held - marked > 0) {
          undelivered.put(recipient, held - marked);
        } else {
          undelivered.remove(recipient);
        }
      }
      return null;
    });
  }

  /**
   * Deletes expired messages that were never delivered, and delivered messages (with their push
   * records) older than {@link #MESSAGE_RETENTION}. Completes with how many messages went.
   */
  public CompletableFuture<Integer> purge(long nowMillis) {
    long before = nowMillis - MESSAGE_RETENTION.toMillis();
    return writeReturning("purge messages", c -> {
      String gone = "(delivered_ms IS NULL AND expires_ms < ?) OR delivered_ms < ?";
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM push_records WHERE message_id IN "
          + "(SELECT id FROM offline_messages WHERE " + gone + ")")) {
        ps.setLong(1, nowMillis);
        ps.setLong(2, before);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM offline_messages WHERE " + gone)) {
        ps.setLong(1, nowMillis);
        ps.setLong(2, before);
        int purged = ps.executeUpdate();
        if (purged > 0) {
          undelivered.clear();
        }
        return purged;
      }
    });
  }

  /** How many of the user's messages are undelivered and unexpired. */
  public long undeliveredCount(long sdkAppId, String userId, long nowMillis) {
    return read("count undelivered messages", c -> undeliveredCount(c, sdkAppId, userId, nowMillis));
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

  public CompletableFuture<Void> saveCall(CallRecord call) {
    return submit("save call record", true, true, c -> {
      CallRecords.insert(this::cached, call);
      return null;
    });
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
    await("flush", write("flush", c -> { }));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (writer.isAlive()) {
        queue.put(Task.STOP);
      }
      writer.join(TimeUnit.SECONDS.toMillis(30));
      for (PreparedStatement ps : statements.values()) {
        ps.close();
      }
      db.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      throw new StoreException(Reason.FAILED, "closing " + file + " failed: " + e.getMessage(), e);
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

  /** An atomic write: all its statements, or (on failure) none. */
  CompletableFuture<Void> write(String what, SqlUpdate work) {
    return submit(what, true, true, c -> {
      work.run(c);
      return null;
    });
  }

  private <T> CompletableFuture<T> writeReturning(String what, SqlWork<T> work) {
    return submit(what, true, true, work);
  }

  <T> T read(String what, SqlWork<T> work) {
    return await(what, submit(what, false, false, work));
  }

  private <T> T await(String what, CompletableFuture<T> pending) {
    try {
      return pending.get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(Reason.FAILED, what + " interrupted", e);
    } catch (TimeoutException e) {
      throw new StoreException(Reason.OVERLOADED, what + ": no answer from the database writer of "
          + file + " within " + READ_TIMEOUT.toSeconds() + " s", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof StoreException se ? se
          : new StoreException(Reason.FAILED, what + " failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Queues {@code work}; the future completes on the writer thread: reads when run, writes when
   * committed. Fails at once when the store is closed or its writer is gone, and after the offer
   * timeout when the queue stays full.
   */
  <T> CompletableFuture<T> submit(String what, boolean write, boolean atomic, SqlWork<T> work) {
    if (closed || !writer.isAlive()) {
      return CompletableFuture.failedFuture(new StoreException(Reason.CLOSED, what + ": database "
          + file + " is closed", null));
    }
    Task<T> task = new Task<>(what, work, write, atomic, new CompletableFuture<>());
    try {
      if (!queue.offer(task, OFFER_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
        return CompletableFuture.failedFuture(new StoreException(Reason.OVERLOADED, what
            + ": the database queue stayed full (" + queue.size() + " operations) for "
            + OFFER_TIMEOUT_MILLIS + " ms", null));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(new StoreException(Reason.FAILED, what
          + " interrupted", e));
    }
    return task.result();
  }

  /** A write that ran and waits for its batch's commit. */
  private record Done(CompletableFuture<Object> future, Object value) {}

  private void drain() {
    List<Task<?>> batch = new ArrayList<>();
    List<Done> written = new ArrayList<>();
    boolean running = true;
    while (running) {
      try {
        batch.add(queue.take());
        queue.drainTo(batch, BATCH - 1);
        for (Task<?> task : batch) {
          if (task == Task.STOP) {
            running = false;
          } else {
            run(task, written);
          }
        }
        commit(written);
      } catch (InterruptedException e) {
        running = false;
      } catch (Throwable unexpected) {
        // the writer must outlive anything a task throws: that batch fails, the next one runs
        LOG.error("database writer of {}: unexpected {}", file, unexpected.toString(), unexpected);
        rollback();
        fail(written, unexpected);
        for (Task<?> task : batch) {
          task.result().completeExceptionally(new StoreException(Reason.FAILED, task.what()
              + " failed in " + file + ": " + unexpected, unexpected));
        }
      } finally {
        batch.clear();
        written.clear();
      }
    }
    for (Task<?> left = queue.poll(); left != null; left = queue.poll()) {
      left.result().completeExceptionally(new StoreException(Reason.CLOSED, left.what()
          + ": database " + file + " is closed", null));
    }
  }

  @SuppressWarnings("unchecked")
  private <T> void run(Task<T> task, List<Done> written) throws SQLException {
    Savepoint savepoint = task.atomic() ? db.setSavepoint() : null;
    try {
      T value = task.work().run(db);
      if (savepoint != null) {
        db.releaseSavepoint(savepoint);
      }
      if (task.write()) {
        written.add(new Done((CompletableFuture<Object>) task.result(), value));
      } else {
        task.result().complete(value);
      }
    } catch (Throwable t) {
      boolean refusal = t instanceof StoreException se && se.reason() == Reason.RECIPIENT_FULL;
      if (savepoint != null) {
        db.rollback(savepoint);
        db.releaseSavepoint(savepoint);
      }
      if (!refusal) {
        undelivered.clear(); // whatever the task counted may not have happened
        LOG.warn("{} failed in {}: {}", task.what(), file, t.toString());
      }
      task.result().completeExceptionally(t instanceof StoreException se ? se
          : new StoreException(Reason.FAILED, task.what() + " failed in " + file + ": " + t, t));
    }
  }

  private void commit(List<Done> written) {
    try {
      db.commit();
    } catch (SQLException | RuntimeException e) {
      LOG.error("commit failed in {}: {}; {} writes rolled back", file, e.getMessage(),
          written.size());
      rollback();
      fail(written, e);
      return;
    }
    written.forEach(done -> done.future().complete(done.value()));
  }

  private void rollback() {
    undelivered.clear();
    try {
      db.rollback();
    } catch (SQLException e) {
      LOG.error("rollback failed in {}: {}", file, e.getMessage());
    }
  }

  private void fail(List<Done> written, Throwable why) {
    StoreException failure = new StoreException(Reason.FAILED, "commit failed in " + file + ": "
        + why + "; nothing of this write was kept", why);
    written.forEach(done -> done.future().completeExceptionally(failure));
  }
}
