package io.callfarm.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** SQL for {@link CallRecord}s: a row in {@code calls} plus one per participant. */
final class CallRecords {
  private CallRecords() {}

  /** The statements of {@link #insert}, prepared once by the store's writer. */
  @FunctionalInterface
  interface Prepared {
    PreparedStatement get(String sql) throws SQLException;
  }

  static void insert(Prepared statements, CallRecord call) throws SQLException {
    PreparedStatement ps = statements.get(
        "INSERT OR REPLACE INTO calls(call_id, sdk_app_id, room_id, sponsor, group_id, started_ms, "
            + "ended_ms, outcome, duration_ms) VALUES(?,?,?,?,?,?,?,?,?)");
    ps.setString(1, call.callId());
    ps.setLong(2, call.sdkAppId());
    ps.setInt(3, call.roomId());
    ps.setString(4, call.sponsor());
    ps.setString(5, call.groupId());
    ps.setLong(6, call.startedAtMillis());
    ps.setLong(7, call.endedAtMillis());
    ps.setString(8, call.outcome());
    ps.setLong(9, call.durationMillis());
    ps.executeUpdate();
    PreparedStatement participants = statements.get(
        "INSERT OR REPLACE INTO call_participants(call_id, user_id, outcome, joined_ms, left_ms) "
            + "VALUES(?,?,?,?,?)");
    for (CallRecord.Participant p : call.participants()) {
      participants.setString(1, call.callId());
      participants.setString(2, p.userId());
      participants.setString(3, p.outcome());
      participants.setLong(4, p.joinedAtMillis());
      participants.setLong(5, p.leftAtMillis());
      participants.addBatch();
    }
    participants.executeBatch();
  }

  static List<CallRecord> select(Connection c, String callId, int limit) throws SQLException {
    String where = callId == null ? "" : " WHERE call_id=?";
    List<CallRecord> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT call_id, sdk_app_id, room_id, sponsor, group_id, started_ms, ended_ms, outcome, "
            + "duration_ms FROM calls" + where + " ORDER BY started_ms DESC LIMIT ?")) {
      int i = 1;
      if (callId != null) {
        ps.setString(i++, callId);
      }
      ps.setInt(i, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new CallRecord(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getString(4),
              rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getString(8), rs.getLong(9),
              participants(c, rs.getString(1))));
        }
      }
    }
    return out;
  }

  private static List<CallRecord.Participant> participants(Connection c, String callId)
      throws SQLException {
    List<CallRecord.Participant> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT user_id, outcome, joined_ms, left_ms FROM call_participants WHERE call_id=? "
            + "ORDER BY rowid")) {
      ps.setString(1, callId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new CallRecord.Participant(rs.getString(1), rs.getString(2), rs.getLong(3),
              rs.getLong(4)));
        }
      }
    }
    return out;
  }
}
