package io.callfarm.engine.auth;

import com.tencentyun.TLSSigAPIv2;
import java.time.Duration;

/**
 * Issues UserSigs and privateMapKeys for one app with Tencent's own generator, so the engine accepts
 * exactly what a production app backend would hand its clients.
 */
public final class UserSigIssuer {
  private final TLSSigAPIv2 api;

  public UserSigIssuer(long sdkAppId, AppSecret secret) {
    this.api = new TLSSigAPIv2(sdkAppId, secret.reveal());
  }

  /** A UserSig for {@code userId} valid for {@code ttl} from now (second resolution). */
  public String issue(String userId, Duration ttl) throws AuthException {
    UserIds.require(userId);
    return api.genUserSig(userId, ttl.toSeconds());
  }

  /**
   * A privateMapKey letting {@code userId} into room {@code roomId} for {@code ttl}, with TRTC
   * privilege bits ({@code 0xff} = all; {@link UserSigVerifier#PRIVILEGE_ENTER} is what the engine
   * checks).
   */
  public String roomKey(String userId, int roomId, Duration ttl, int privileges)
      throws AuthException {
    UserIds.require(userId);
    return api.genPrivateMapKey(userId, ttl.toSeconds(), Integer.toUnsignedLong(roomId), privileges);
  }
}
