package io.callfarm.engine.store;

import java.util.List;

/** The database schema, created idempotently at every start so an existing file is kept as is. */
final class Schema {
  static final List<String> STATEMENTS = List.of(
      "CREATE TABLE IF NOT EXISTS apps (sdk_app_id INTEGER PRIMARY KEY, secret_key TEXT NOT NULL)",
      "CREATE TABLE IF NOT EXISTS users (sdk_app_id INTEGER NOT NULL, user_id TEXT NOT NULL, "
          + "first_login_ms INTEGER NOT NULL, last_login_ms INTEGER NOT NULL, logins INTEGER NOT NULL, "
          + "PRIMARY KEY (sdk_app_id, user_id))",
      "CREATE TABLE IF NOT EXISTS groups (sdk_app_id INTEGER NOT NULL, group_id TEXT NOT NULL, "
          + "owner TEXT NOT NULL, created_ms INTEGER NOT NULL, PRIMARY KEY (sdk_app_id, group_id))",
      "CREATE TABLE IF NOT EXISTS group_members (sdk_app_id INTEGER NOT NULL, group_id TEXT NOT NULL, "
          + "user_id TEXT NOT NULL, PRIMARY KEY (sdk_app_id, group_id, user_id), "
          + "FOREIGN KEY (sdk_app_id, group_id) REFERENCES groups(sdk_app_id, group_id))",
      "CREATE TABLE IF NOT EXISTS offline_messages (id INTEGER PRIMARY KEY AUTOINCREMENT, "
          + "sdk_app_id INTEGER NOT NULL, to_user TEXT NOT NULL, from_user TEXT NOT NULL, "
          + "group_id TEXT, sent_ms INTEGER NOT NULL, data TEXT NOT NULL, delivered_ms INTEGER)",
      "CREATE INDEX IF NOT EXISTS offline_by_user ON offline_messages(sdk_app_id, to_user, delivered_ms)",
      "CREATE TABLE IF NOT EXISTS push_records (message_id INTEGER PRIMARY KEY "
          + "REFERENCES offline_messages(id), to_user TEXT NOT NULL, title TEXT, sound TEXT, "
          + "payload TEXT, created_ms INTEGER NOT NULL)",
      "CREATE TABLE IF NOT EXISTS calls (call_id TEXT PRIMARY KEY, sdk_app_id INTEGER NOT NULL, "
          + "room_id INTEGER NOT NULL, sponsor TEXT NOT NULL, group_id TEXT, started_ms INTEGER NOT NULL, "
          + "ended_ms INTEGER NOT NULL, outcome TEXT NOT NULL, duration_ms INTEGER NOT NULL)",
      "CREATE TABLE IF NOT EXISTS call_participants (call_id TEXT NOT NULL REFERENCES calls(call_id), "
          + "user_id TEXT NOT NULL, outcome TEXT NOT NULL, joined_ms INTEGER NOT NULL, "
          + "left_ms INTEGER NOT NULL, PRIMARY KEY (call_id, user_id))");

  private Schema() {}
}
