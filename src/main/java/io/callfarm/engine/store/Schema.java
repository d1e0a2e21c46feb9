package io.callfarm.engine.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The database schema, created idempotently at every start so an existing file is kept as is, plus
 * the migrations of files written by earlier versions.
 */
final class Schema {
  static final List<String> STATEMENTS = List.of(
      "CREATE TABLE IF NOT EXISTS app_registrations (sdk_app_id INTEGER PRIMARY KEY, "
          + "key_fingerprint TEXT NOT NULL, registered_ms INTEGER NOT NULL)",
      "CREATE TABLE IF NOT EXISTS users (sdk_app_id INTEGER NOT NULL, user_id TEXT NOT NULL, "
          + "first_login_ms INTEGER NOT NULL, last_login_ms INTEGER NOT NULL, logins INTEGER NOT NULL, "
          + "PRIMARY KEY (sdk_app_id, user_id))",
      "CREATE TABLE IF NOT EXISTS groups (sdk_app_id INTEGER NOT NULL, group_id TEXT NOT NULL, "
          + "owner TEXT NOT NULL, created_ms INTEGER NOT NULL, PRIMARY KEY (sdk_app_id, group_id))",
      "CREATE TABLE IF NOT EXISTS group_members (sdk_app_id INTEGER NOT NULL, group_id TEXT NOT NULL, "
          + "user_id TEXT NOT NULL, PRIMARY KEY (sdk_app_id, group_id, user_id), "
          + "FOREIGN KEY (sdk_app_id, group_id) REFERENCES groups(sdk_app_id, group_id))",
      "CREATE TABLE IF NOT EXISTS group_invites (sdk_app_id INTEGER NOT NULL, group_id TEXT NOT NULL, "
          + "user_id TEXT NOT NULL, invited_ms INTEGER NOT NULL, "
          + "PRIMARY KEY (sdk_app_id, group_id, user_id), "
          + "FOREIGN KEY (sdk_app_id, group_id) REFERENCES groups(sdk_app_id, group_id))",
      "CREATE TABLE IF NOT EXISTS offline_messages (id INTEGER PRIMARY KEY, "
          + "sdk_app_id INTEGER NOT NULL, to_user TEXT NOT NULL, from_user TEXT NOT NULL, "
          + "group_id TEXT, sent_ms INTEGER NOT NULL, data TEXT NOT NULL, delivered_ms INTEGER, "
          + "expires_ms INTEGER NOT NULL DEFAULT 0)",
      "CREATE TABLE IF NOT EXISTS push_records (message_id INTEGER PRIMARY KEY "
          + "REFERENCES offline_messages(id), to_user TEXT NOT NULL, title TEXT, sound TEXT, "
          + "payload TEXT, created_ms INTEGER NOT NULL)",
      "CREATE TABLE IF NOT EXISTS calls (call_id TEXT PRIMARY KEY, sdk_app_id INTEGER NOT NULL, "
          + "room_id INTEGER NOT NULL, sponsor TEXT NOT NULL, group_id TEXT, started_ms INTEGER NOT NULL, "
          + "ended_ms INTEGER NOT NULL, outcome TEXT NOT NULL, duration_ms INTEGER NOT NULL)",
      "CREATE TABLE IF NOT EXISTS engine_runs (run INTEGER PRIMARY KEY, started_ms INTEGER NOT NULL)",
      "CREATE TABLE IF NOT EXISTS call_participants (call_id TEXT NOT NULL REFERENCES calls(call_id), "
          + "user_id TEXT NOT NULL, outcome TEXT NOT NULL, joined_ms INTEGER NOT NULL, "
          + "left_ms INTEGER NOT NULL, PRIMARY KEY (call_id, user_id))");

  /** Created after the migrations, since they may name columns older files lack. */
  static final List<String> INDEXES = List.of(
      "CREATE INDEX IF NOT EXISTS offline_by_user ON offline_messages(sdk_app_id, to_user, delivered_ms)",
      "CREATE INDEX IF NOT EXISTS offline_by_expiry ON offline_messages(expires_ms)");

  private Schema() {}

  /** Creates what is missing and brings files of earlier versions up to date. */
  static void apply(Connection db) throws SQLException {
    try (Statement st = db.createStatement()) {
      for (String ddl : STATEMENTS) {
        st.execute(ddl);
      }
      if (!hasColumn(db, "offline_messages", "expires_ms")) {
        // messages of earlier versions never expired; they count as expired now
        st.execute("ALTER TABLE offline_messages ADD COLUMN expires_ms INTEGER NOT NULL DEFAULT 0");
      }
      // earlier versions kept the apps' secret keys in plain text; secure_delete overwrites them
      st.execute("DROP TABLE IF EXISTS apps");
      for (String ddl : INDEXES) {
        st.execute(ddl);
      }
    }
  }

  private static boolean hasColumn(Connection db, String table, String column) throws SQLException {
    try (Statement st = db.createStatement();
         ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rs.next()) {
        if (column.equals(rs.getString("name"))) {
          return true;
        }
      }
    }
    return false;
  }
}
