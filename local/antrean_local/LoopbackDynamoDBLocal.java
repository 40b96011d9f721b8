/*
 * Starts AWS's DynamoDB Local listening on 127.0.0.1 only.
 *
 * DynamoDB Local has no option for its address and listens on every network interface, which
 * would put the local table (demo NIKs included) on the LAN. This launcher builds the server the
 * way DynamoDB Local's own main() does, sets 127.0.0.1 on its Jetty connector, then starts it.
 *
 * antrean_local.dynamodb_local runs it in Java's source-file mode (needs the JDK, not only a JRE)
 * with DynamoDBLocal.jar and DynamoDBLocal_lib on the class path, and the usual arguments.
 * Everything is looked up by reflection, so that a newer DynamoDB Local whose internals changed
 * still starts (on every interface, with a warning the Python side reports) instead of failing.
 * Telemetry is never configured here, so none is sent.
 */
import java.lang.reflect.Field;

public class LoopbackDynamoDBLocal {
    public static void main(String[] args) throws Exception {
        Class<?> runner = Class.forName("software.amazon.dynamodb.services.local.main.ServerRunner");
        Object proxy = runner.getMethod("createServerFromCommandLineArgs", String[].class)
                .invoke(null, (Object) args);
        try {
            Field field = proxy.getClass().getDeclaredField("server");
            field.setAccessible(true);
            Object jetty = field.get(proxy);
            for (Object connector : (Object[]) jetty.getClass().getMethod("getConnectors").invoke(jetty)) {
                connector.getClass().getMethod("setHost", String.class).invoke(connector, "127.0.0.1");
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("WARNING: could not restrict DynamoDB Local to 127.0.0.1: " + e);
        }
        proxy.getClass().getMethod("start").invoke(proxy);
        proxy.getClass().getMethod("join").invoke(proxy);
    }
}
