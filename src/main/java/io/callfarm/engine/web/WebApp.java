package io.callfarm.engine.web;

import io.callfarm.engine.auth.AppSecret;
import io.callfarm.engine.auth.UserSigIssuer;
import java.time.Clock;
import io.callfarm.engine.store.Store;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.ResourceService;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * The web call client as one Jetty handler for the signalling server: {@code /api/*} answered by
 * {@link WebApi}, everything else served from the classpath folder {@value #RESOURCES} (so the demo
 * UI ships inside the jar and needs no build step).
 */
public final class WebApp {
  /** The classpath folder holding index.html, the CSS and the ES modules. */
  public static final String RESOURCES = "web";

  private WebApp() {}

  /**
   * @param secret the app's key: verifies the {@code identifier}/{@code usersig} of API callers
   * @param testUserSigs whether {@code /api/usersig} issues test logins (the engine decides: only
   *     on loopback with the test key); else it answers 403
   */
  public static Handler handler(long sdkAppId, AppSecret secret, Store store,
      boolean testUserSigs) {
    ResourceHandler files = new ResourceHandler();
    Resource base = ResourceFactory.of(files).newClassLoaderResource(RESOURCES);
    if (base == null || !base.exists()) {
      throw new IllegalStateException("the web client is missing: no '" + RESOURCES
          + "/' folder on the classpath (src/main/resources/web); rebuild with mvn package");
    }
    files.setBaseResource(base);
    files.setDirAllowed(false);
    files.setWelcomeFiles("index.html");
    files.setWelcomeMode(ResourceService.WelcomeMode.SERVE);
    files.setCacheControl("no-store");
    UserSigIssuer issuer = testUserSigs ? new UserSigIssuer(sdkAppId, secret) : null;
    HttpAuth auth = new HttpAuth(sdkAppId, secret, Clock.systemUTC());
    return new Handler.Sequence(new AdminApi(store, auth), new WebApi(sdkAppId, store, issuer, auth),
        files);
  }
}
