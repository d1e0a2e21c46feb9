package io.callfarm.engine.store;

/**
 * The offline push a real IM backend would send for an {@link OfflineMessage} (title, sound, payload),
 * logged so suites can assert what the user's phone would have shown.
 */
public record PushRecord(long messageId, String toUser, String title, String sound, String payload,
    long createdAtMillis) {}
