package io.callfarm.engine.signal;

import io.callfarm.engine.store.GroupRecord;
import io.callfarm.engine.store.Store;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * IM groups with an owner and consent: {@code group.create} makes the creator the owner and only
 * member and <em>invites</em> the others; an invitee becomes a member only by its own
 * {@code group.join}. Only members see the member list, send to the group and are admitted to its
 * group calls; only the owner invites. The app backend ({@link #provision}, Tencent's REST
 * {@code create_group}) may create a group with members directly. Held in memory for fast fan-out,
 * written through to the {@link Store}; each group is an immutable snapshot replaced atomically.
 */
final class Groups {
  /** Groups one user may own; a group id once taken stays taken (no deletion, no squatting race). */
  static final int OWNED_PER_USER = 100;

  private record Group(String owner, Set<String> members, Set<String> invited) {
    int size() {
      return members.size() + invited.size();
    }
  }

  private final Store store;
  private final int maxMembers;
  private final Map<String, Group> groups = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> owned = new ConcurrentHashMap<>();

  Groups(Store store, int maxMembers) {
    this.store = store;
    this.maxMembers = maxMembers;
    for (GroupRecord g : store.groups()) {
      groups.put(key(g.sdkAppId(), g.groupId()), new Group(g.owner(), Set.copyOf(g.members()),
          Set.copyOf(g.invited())));
      owned.computeIfAbsent(key(g.sdkAppId(), g.owner()), k -> new AtomicInteger()).incrementAndGet();
    }
  }

  /**
   * A new group owned by {@code owner}; {@code invitees} are invited, not added.
   *
   * @return the invitees (without the owner and duplicates), to be told
   * @throws ProtocolException {@link ErrorCode#GROUP_EXISTS} naming the owner when the id is taken,
   *     {@link ErrorCode#GROUP_FULL} over the member limit, {@link ErrorCode#QUOTA_EXCEEDED} when the
   *     owner has {@value #OWNED_PER_USER} groups
   */
  Set<String> create(long app, String groupId, String owner, Collection<String> invitees,
      long nowMillis) throws ProtocolException {
    Set<String> invited = new LinkedHashSet<>(invitees);
    invited.remove(owner);
    put(app, groupId, owner, new Group(owner, Set.of(owner), Set.copyOf(invited)), nowMillis);
    return invited;
  }

  /** The app backend's create: every listed user is a member at once; the owner among them. */
  void provision(long app, String groupId, String owner, Collection<String> members,
      long nowMillis) throws ProtocolException {
    Set<String> all = new LinkedHashSet<>();
    all.add(owner);
    all.addAll(members);
    put(app, groupId, owner, new Group(owner, Set.copyOf(all), Set.of()), nowMillis);
  }

  private void put(long app, String groupId, String owner, Group group, long nowMillis)
      throws ProtocolException {
    if (group.size() > maxMembers) {
      throw new ProtocolException(ErrorCode.GROUP_FULL, "group '" + groupId + "' would have "
          + group.size() + " members and invitees; the limit is " + maxMembers);
    }
    AtomicInteger count = owned.computeIfAbsent(key(app, owner), k -> new AtomicInteger());
    if (count.incrementAndGet() > OWNED_PER_USER) {
      count.decrementAndGet();
      throw new ProtocolException(ErrorCode.QUOTA_EXCEEDED, "'" + owner + "' already owns "
          + OWNED_PER_USER + " groups");
    }
    Group existing = groups.putIfAbsent(key(app, groupId), group);
    if (existing != null) {
      count.decrementAndGet();
      throw new ProtocolException(ErrorCode.GROUP_EXISTS, "group id '" + groupId
          + "' is taken (owner '" + existing.owner() + "')"
          + (existing.owner().equals(owner) ? ": it is yours already" : ": choose another id"));
    }
    store.createGroup(app, groupId, owner, group.members(), group.invited(), nowMillis);
  }

  /**
   * The owner invites more users.
   *
   * @return the users newly invited (not yet members or invitees)
   */
  Set<String> invite(long app, String groupId, String by, Collection<String> users, long nowMillis)
      throws ProtocolException {
    Set<String> fresh = new LinkedHashSet<>();
    ProtocolException[] refused = new ProtocolException[1];
    groups.computeIfPresent(key(app, groupId), (k, g) -> {
      if (!g.owner().equals(by)) {
        refused[0] = new ProtocolException(ErrorCode.NO_PERMISSION, "only the owner '" + g.owner()
            + "' invites to group '" + groupId + "'");
        return g;
      }
      users.stream().filter(u -> !g.members().contains(u) && !g.invited().contains(u))
          .forEach(fresh::add);
      if (g.size() + fresh.size() > maxMembers) {
        refused[0] = new ProtocolException(ErrorCode.GROUP_FULL, "group '" + groupId + "' has "
            + g.size() + " members and invitees; " + fresh.size() + " more exceed the limit of "
            + maxMembers);
        return g;
      }
      Set<String> invited = new LinkedHashSet<>(g.invited());
      invited.addAll(fresh);
      return new Group(g.owner(), g.members(), Set.copyOf(invited));
    });
    require(app, groupId);
    if (refused[0] != null) {
      throw refused[0];
    }
    if (!fresh.isEmpty()) {
      store.inviteToGroup(app, groupId, fresh, nowMillis);
    }
    return fresh;
  }

  /** An invitee consents; a member joining again is a no-op. */
  void join(long app, String groupId, String user) throws ProtocolException {
    ProtocolException[] refused = new ProtocolException[1];
    boolean[] joined = new boolean[1];
    groups.computeIfPresent(key(app, groupId), (k, g) -> {
      if (g.members().contains(user)) {
        return g;
      }
      if (!g.invited().contains(user)) {
        refused[0] = new ProtocolException(ErrorCode.NO_PERMISSION, "'" + user
            + "' is not invited to group '" + groupId + "'; ask its owner '" + g.owner() + "'");
        return g;
      }
      Set<String> members = new LinkedHashSet<>(g.members());
      members.add(user);
      Set<String> invited = new LinkedHashSet<>(g.invited());
      invited.remove(user);
      joined[0] = true;
      return new Group(g.owner(), Set.copyOf(members), Set.copyOf(invited));
    });
    require(app, groupId);
    if (refused[0] != null) {
      throw refused[0];
    }
    if (joined[0]) {
      store.joinGroup(app, groupId, user);
    }
  }

  /**
   * The members, for a member asking.
   *
   * @throws ProtocolException {@link ErrorCode#GROUP_NOT_FOUND}, or {@link ErrorCode#NO_PERMISSION}
   *     when {@code asker} is not a member
   */
  Set<String> members(long app, String groupId, String asker) throws ProtocolException {
    Group g = require(app, groupId);
    if (!g.members().contains(asker)) {
      throw new ProtocolException(ErrorCode.NO_PERMISSION, "'" + asker + "' is not a member of group '"
          + groupId + "'" + (g.invited().contains(asker) ? "; join it first (group.join)" : ""));
    }
    return g.members();
  }

  String owner(long app, String groupId) throws ProtocolException {
    return require(app, groupId).owner();
  }

  /** The members, or an empty set when the group does not exist (room admission). */
  Set<String> membersOrEmpty(long app, String groupId) {
    Group g = groupId == null ? null : groups.get(key(app, groupId));
    return g == null ? Set.of() : g.members();
  }

  /** The groups {@code user} is invited to and has not joined, with their owners. */
  Map<String, String> invitationsOf(long app, String user) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    String prefix = app + "/";
    groups.forEach((k, g) -> {
      if (k.startsWith(prefix) && g.invited().contains(user)) {
        out.put(k.substring(prefix.length()), g.owner());
      }
    });
    return out;
  }

  private Group require(long app, String groupId) throws ProtocolException {
    Group g = groups.get(key(app, groupId));
    if (g == null) {
      throw new ProtocolException(ErrorCode.GROUP_NOT_FOUND, "group '" + groupId + "' does not exist");
    }
    return g;
  }

  private static String key(long app, String id) {
    return app + "/" + id;
  }
}
