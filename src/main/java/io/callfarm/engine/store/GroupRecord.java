package io.callfarm.engine.store;

import java.util.Set;

/**
 * An IM group as stored: its owner, the members (each joined by their own consent, the owner by
 * creating it) and the users the owner invited who have not joined yet.
 */
public record GroupRecord(long sdkAppId, String groupId, String owner, Set<String> members,
    Set<String> invited) {}
