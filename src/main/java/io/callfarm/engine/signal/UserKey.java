package io.callfarm.engine.signal;

/** A user within one app: user ids are only unique per SDKAppID. */
public record UserKey(long sdkAppId, String userId) {
  @Override
  public String toString() {
    return sdkAppId + "/" + userId;
  }
}
