package io.callfarm.report;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serves a directory on 127.0.0.1 (port 0) over HTTP, because the Allure report loads its data with XHR and a
 * browser refuses that from {@code file://}. Test-only; ready when constructed; close it to stop.
 */
final class StaticFiles implements AutoCloseable {

  private final HttpServer server;

  StaticFiles(Path root) throws IOException {
    Path base = root.toAbsolutePath().normalize();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      Path file = base.resolve(path.equals("/") ? "index.html" : path.substring(1)).normalize();
      try (exchange) {
        if (!file.startsWith(base) || !Files.isRegularFile(file)) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        String type = Files.probeContentType(file);
        exchange.getResponseHeaders().set("Content-Type", type == null ? "application/octet-stream" : type);
        exchange.sendResponseHeaders(200, Files.size(file));
        try (OutputStream out = exchange.getResponseBody()) {
          Files.copy(file, out);
        }
      }
    });
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
