package io.callfarm.engine.store;

/**
 * An IM message the server has taken responsibility for: kept until its recipient acknowledged it
 * ({@code msg.ack}) or it expired, so an acked send survives a lost connection or an engine crash.
 *
 * @param id the server's message id (unique across restarts of the same database)
 * @param sentAtMillis the server's receive time, epoch milliseconds (the IM timestamp clients age by)
 * @param expiresAtMillis after this the message is neither delivered nor kept (epoch milliseconds)
 * @param groupId the group it was sent to, or null for C2C
 * @param data the custom message payload, JSON text
 * @param offline whether it was stored while the recipient was offline (it then has a push record)
 */
public record StoredMessage(long id, long sdkAppId, String toUser, String fromUser, String groupId,
    long sentAtMillis, long expiresAtMillis, String data, boolean offline) {}
