package io.callfarm.engine.signal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Lets in only requests addressed to the engine itself, before anything else runs (HTTP API, web
 * client files and the WebSocket upgrade alike): the {@code Host} header must name the engine's own
 * address and port, and an {@code Origin}, when a browser sends one, must be {@code http(s)://} of
 * such a host. This defeats DNS rebinding (a page of {@code evil.example} resolving to 127.0.0.1
 * sends {@code Host: evil.example}) and cross-site WebSocket hijacking ({@code Origin:
 * http://evil.example}). Refusals are 403 with {@code {"code":60013,"message":..}}.
 *
 * <p>Allowed names: the bound address; for a loopback or wildcard bind also {@code 127.0.0.1},
 * {@code localhost} and {@code [::1]}; for a wildcard bind every local interface address; plus the
 * configured {@link ServerConfig#allowedHosts()}.
 */
final class HostGuard extends Handler.Wrapper {
  private final Set<String> names;
  private final IntSupplier port;

  HostGuard(ServerConfig config, IntSupplier port, Handler next) {
    super(next);
    this.names = allowedNames(config);
    this.port = port;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String host = request.getHeaders().get(HttpHeader.HOST);
    if (!isOwnHost(host)) {
      return refuse(response, callback, "Host '" + shorten(host) + "' is not this engine ("
          + names.iterator().next() + ":" + port.getAsInt() + ")");
    }
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin != null && !isOwnOrigin(origin)) {
      return refuse(response, callback, "Origin '" + shorten(origin) + "' is not this engine's "
          + "web client");
    }
    return super.handle(request, response, callback);
  }

  boolean isOwnHost(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    int colon = h.lastIndexOf(':');
    if (colon <= 0 || h.endsWith("]")) {
      return false; // the engine always runs on an explicit port
    }
    return h.substring(colon + 1).equals(String.valueOf(port.getAsInt()))
        && names.contains(h.substring(0, colon));
  }

  boolean isOwnOrigin(String origin) {
    String o = origin.toLowerCase(Locale.ROOT);
    for (String scheme : new String[] {"http://", "https://"}) {
      if (o.startsWith(scheme)) {
        return isOwnHost(o.substring(scheme.length()));
      }
    }
    return false;
  }

  private static boolean refuse(Response response, Callback callback, String message) {
    ObjectNode body = Frame.JSON.createObjectNode().put("code", ErrorCode.HOST_NOT_ALLOWED.code())
        .put("message", message);
    response.setStatus(HttpStatus.FORBIDDEN_403);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Content.Sink.write(response, true, body.toString(), callback);
    return true;
  }

  private static String shorten(String text) {
    return text == null ? "(none)" : text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }

  private static Set<String> allowedNames(ServerConfig config) {
    Set<String> names = new java.util.LinkedHashSet<>();
    names.add(bracketed(config.host().toLowerCase(Locale.ROOT)));
    InetAddress bound;
    try {
      bound = InetAddress.getByName(config.host());
    } catch (UnknownHostException e) {
      bound = null;
    }
    if (bound != null && (bound.isLoopbackAddress() || bound.isAnyLocalAddress())) {
      names.addAll(Set.of("127.0.0.1", "localhost", "[::1]"));
    }
    if (bound != null && bound.isAnyLocalAddress()) {
      names.addAll(interfaceAddresses());
    }
    config.allowedHosts().forEach(h -> names.add(bracketed(h.toLowerCase(Locale.ROOT))));
    return Collections.unmodifiableSet(names);
  }

  private static Set<String> interfaceAddresses() {
    Set<String> out = new HashSet<>();
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          String text = a.getHostAddress();
          int zone = text.indexOf('%');
          out.add(bracketed(zone >= 0 ? text.substring(0, zone) : text));
        }
      }
    } catch (SocketException e) {
      // no interfaces listed: only the loopback names and the configured hosts
    }
    return out;
  }

  private static String bracketed(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
