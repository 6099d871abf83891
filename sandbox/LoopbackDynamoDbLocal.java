import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * DynamoDB Local listening on 127.0.0.1 only. Its own launcher (ServerRunner.main) has no host
 * option and listens on every interface; this builds the same server from the same arguments and
 * pins its Jetty connector to the loopback address before starting it.
 *
 * It also stops when its standard input reaches end of file: started with a pipe (as
 * sandbox/dynamodb-local.ts does), it ends with the process that started it, even when that
 * process is killed outright and has no chance to stop it.
 *
 * Compiled once by sandbox/dynamodb-local.ts into .cache/ and run with DynamoDBLocal.jar and its
 * lib folder on the class path.
 */
public final class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) {
      ((ServerConnector) connector).setHost("127.0.0.1");
    }
    proxy.start();
    System.out.println("DynamoDB Local listening on 127.0.0.1");
    System.out.flush();
    Thread watcher = new Thread(LoopbackDynamoDbLocal::exitWhenParentGoes, "exit-with-parent");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static void exitWhenParentGoes() {
    try {
      while (System.in.read() != -1) {
        // Nothing is ever sent; only the end of the stream matters.
      }
    } catch (java.io.IOException ignored) {
      // A broken pipe means the same as end of file: the parent is gone.
    }
    Runtime.getRuntime().halt(0);
  }
}
