package io.callfarm.engine.auth;

import com.tencentyun.TLSSigAPIv2;
import java.time.Duration;

/**
 * Issues UserSigs for one app with Tencent's own generator, so the engine accepts exactly what a
 * production app backend would hand its clients.
 */
public final class UserSigIssuer {
  private final TLSSigAPIv2 api;

  public UserSigIssuer(long sdkAppId, String secretKey) {
    this.api = new TLSSigAPIv2(sdkAppId, secretKey);
  }

  /** A UserSig for {@code userId} valid for {@code ttl} from now (second resolution). */
  public String issue(String userId, Duration ttl) throws AuthException {
    UserIds.require(userId);
    return api.genUserSig(userId, ttl.toSeconds());
  }
}
