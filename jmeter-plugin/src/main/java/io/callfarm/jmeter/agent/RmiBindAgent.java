package io.callfarm.jmeter.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.rmi.server.RMISocketFactory;

/**
 * A Java agent (its own jar, {@code bin/callfarm-jmeter-*-rmi-agent.jar}: an agent is loaded by the
 * system class loader, which does not see JMeter's lib/ext) for jmeter-server workers and the controller:
 * makes every RMI server socket that JMeter creates without its own factory (the registry on
 * {@code server_port}, the exported engine with SSL off) listen only on the address the process
 * advertises, {@code java.rmi.server.hostname}, instead of all interfaces. With
 * {@code -Djava.rmi.server.hostname=127.0.0.1} a worker is reachable from this machine only.
 */
public final class RmiBindAgent extends RMISocketFactory {
  private final InetAddress bind;

  private RmiBindAgent(InetAddress bind) {
    this.bind = bind;
  }

  /** Installs the factory; without {@code java.rmi.server.hostname} it leaves RMI as it is. */
  public static void premain(String args, Instrumentation instrumentation) throws IOException {
    String host = System.getProperty("java.rmi.server.hostname");
    if (host == null || host.isBlank()) {
      System.err.println("callfarm RmiBindAgent: java.rmi.server.hostname is not set; RMI keeps"
          + " listening on all interfaces");
      return;
    }
    RMISocketFactory.setSocketFactory(new RmiBindAgent(InetAddress.getByName(host)));
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    return new ServerSocket(port, 50, bind);
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return new Socket(host, port);
  }
}
