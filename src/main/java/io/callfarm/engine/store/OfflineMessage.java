package io.callfarm.engine.store;

/**
 * An IM message kept for a user who was offline when it was sent.
 *
 * @param sentAtMillis the server's receive time, epoch milliseconds (the IM timestamp clients age by)
 * @param groupId the group it was sent to, or null for C2C
 * @param data the custom message payload, JSON text
 */
public record OfflineMessage(long id, long sdkAppId, String toUser, String fromUser, String groupId,
    long sentAtMillis, String data) {}
