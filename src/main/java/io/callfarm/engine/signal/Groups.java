package io.callfarm.engine.signal;

import io.callfarm.engine.store.Store;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * IM groups, held in memory for fast fan-out and written through to the {@link Store} so they survive
 * a restart. Member sets are immutable snapshots; thread-safe.
 */
final class Groups {
  private final Store store;
  private final Map<String, Set<String>> members = new ConcurrentHashMap<>();

  Groups(Store store) {
    this.store = store;
    store.groups().forEach((app, groups) -> groups.forEach(
        (groupId, users) -> members.put(key(app, groupId), Collections.unmodifiableSet(users))));
  }

  void create(long app, String groupId, String owner, List<String> users, long nowMillis)
      throws ProtocolException {
    Set<String> all = new LinkedHashSet<>();
    all.add(owner);
    all.addAll(users);
    Set<String> snapshot = Collections.unmodifiableSet(all);
    if (members.putIfAbsent(key(app, groupId), snapshot) != null) {
      throw new ProtocolException(ErrorCode.GROUP_EXISTS, "group '" + groupId + "' already exists");
    }
    store.createGroup(app, groupId, owner, snapshot, nowMillis);
  }

  /** The members, or throws {@link ErrorCode#GROUP_NOT_FOUND}. */
  Set<String> members(long app, String groupId) throws ProtocolException {
    Set<String> users = members.get(key(app, groupId));
    if (users == null) {
      throw new ProtocolException(ErrorCode.GROUP_NOT_FOUND, "group '" + groupId + "' does not exist");
    }
    return users;
  }

  /** The members, or an empty set when the group does not exist. */
  Set<String> membersOrEmpty(long app, String groupId) {
    return groupId == null ? Set.of() : members.getOrDefault(key(app, groupId), Set.of());
  }

  private static String key(long app, String groupId) {
    return app + "/" + groupId;
  }
}
