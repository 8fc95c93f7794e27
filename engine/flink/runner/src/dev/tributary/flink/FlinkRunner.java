/*
 * Tributary's Flink runner: one JVM that starts ONE local Apache Flink cluster (a MiniCluster:
 * a JobManager with its REST endpoint and one TaskManager, all in this process, bound to
 * 127.0.0.1) and runs jobs on it.
 *
 * Server mode (default): requests are JSON lines on stdin, answers JSON lines on stdout, in
 * order, one job at a time. The first line written is
 *   {"event":"ready","flinkVersion":"1.20.3","restUrl":"http://127.0.0.1:PORT","parallelism":1,"startupMs":N}
 * or, if the cluster cannot start, {"event":"error","error":"..."} (then exit 2). A request is
 *   {"id":1,"kind":"sql","script":"SET ...; CREATE TABLE ...; INSERT ...;","timeoutMs":60000}
 * and its answer {"id":1,"ok":true|false,"durationMs":N,"jobs":[...],"output":"...","error":"..."}
 * (see SqlScriptJob). End of stdin shuts the cluster down and exits 0.
 *
 * One-shot mode: --file job.sql runs that script once and writes its answer line (exit 0 when
 * ok, 1 otherwise). Options: --parallelism N (default 1), --timeout-ms N, --conf key=value
 * (repeatable; cluster and session configuration, e.g. restart-strategy.type=fixed-delay).
 *
 * Requires the environment variable FLINK_CONF_DIR: the runner writes the cluster's address
 * into FLINK_CONF_DIR/config.yaml there, and the SQL client reads it from there, exactly as
 * bin/sql-client.sh reads conf/config.yaml of a Flink distribution.
 *
 * stdout carries only the protocol: System.out is redirected to stderr before Flink starts,
 * so nothing Flink prints can corrupt an answer. Logging goes to stderr (log4j2).
 */
package dev.tributary.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

public final class FlinkRunner {

    /** A kind of job the runner can run ("sql" now; "cep" is meant to be added beside it). */
    interface JobKind extends AutoCloseable {
        /**
         * Runs one request to the end and fills {@code answer} (ok, durationMs, error, ...).
         * Must leave no job of its own running on the cluster when it returns.
         */
        void run(JsonNode request, long timeoutMs, ObjectNode answer) throws Exception;

        /**
         * False once the kind can no longer serve requests safely (e.g. a SQL client thread
         * that would not stop after a timeout): the runner then exits after answering.
         */
        default boolean healthy() {
            return true;
        }

        @Override
        default void close() throws Exception {}
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEFAULT_TIMEOUT_MS = 10 * 60_000L;

    private final PrintStream protocolOut;
    private final Map<String, JobKind> kinds = new LinkedHashMap<>();
    private MiniCluster cluster;

    private FlinkRunner(PrintStream protocolOut) {
        this.protocolOut = protocolOut;
    }

    public static void main(String[] args) throws Exception {
        // The protocol owns the real stdout; anything else printing to System.out goes to stderr.
        PrintStream protocolOut =
                new PrintStream(
                        new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);

        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            protocolOut.println(event("error", e.getMessage()));
            System.exit(2);
            return;
        }
        FlinkRunner runner = new FlinkRunner(protocolOut);
        long started = System.nanoTime();
        try {
            runner.start(options);
        } catch (Throwable t) {
            protocolOut.println(event("error", "Flink could not start: " + Support.causeChain(t)));
            t.printStackTrace();
            System.exit(2);
            return;
        }
        long startupMs = (System.nanoTime() - started) / 1_000_000;
        int exitCode;
        if (options.file != null) {
            exitCode = runner.runFile(options);
        } else {
            ObjectNode ready = JSON.createObjectNode();
            ready.put("event", "ready");
            ready.put("flinkVersion", EnvironmentInformation.getVersion());
            ready.put("restUrl", runner.cluster.getRestAddress().get().toString());
            ready.put("parallelism", options.parallelism);
            ready.put("startupMs", startupMs);
            protocolOut.println(JSON.writeValueAsString(ready));
            exitCode = runner.serve();
        }
        runner.shutdown();
        System.exit(exitCode);
    }

    private void start(Options options) throws Exception {
        String confDirEnv = System.getenv("FLINK_CONF_DIR");
        if (confDirEnv == null || confDirEnv.isEmpty()) {
            throw new IllegalStateException("FLINK_CONF_DIR is not set (see flink-runner.ts)");
        }
        Path confDir = Paths.get(confDirEnv).toAbsolutePath();
        Files.createDirectories(confDir);

        Map<String, String> conf = clusterDefaults(options);
        conf.putAll(options.conf);
        Support.writeConfigYaml(confDir, conf); // before start: Flink's loaders may read it early

        Configuration configuration = Configuration.fromMap(conf);
        cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(configuration)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(options.parallelism)
                                .build());
        cluster.start();

        // Now that the REST port is known, tell the SQL client where the cluster is, as a
        // session cluster's conf/config.yaml does (DefaultCLI then picks execution.target remote).
        int restPort = cluster.getRestAddress().get().getPort();
        conf.put("rest.port", Integer.toString(restPort));
        Support.writeConfigYaml(confDir, conf);

        kinds.put("sql", new SqlScriptJob(cluster, confDir));
        kinds.put("cep", new CepJob(cluster));
    }

    /**
     * The cluster (and session) configuration: loopback only, small memory, and no restarts
     * unless the script or --conf asks for a restart strategy (with checkpointing on, Flink's
     * default is to restart a failing job forever).
     */
    private static Map<String, String> clusterDefaults(Options options) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("rest.address", "127.0.0.1");
        conf.put("rest.bind-address", "127.0.0.1");
        conf.put("rest.port", "0");
        conf.put("jobmanager.rpc.address", "127.0.0.1");
        conf.put("jobmanager.bind-host", "127.0.0.1");
        conf.put("taskmanager.host", "127.0.0.1");
        conf.put("taskmanager.bind-host", "127.0.0.1");
        conf.put("sql-gateway.endpoint.rest.address", "127.0.0.1");
        conf.put("sql-gateway.endpoint.rest.bind-address", "127.0.0.1");
        conf.put("parallelism.default", Integer.toString(options.parallelism));
        conf.put("taskmanager.numberOfTaskSlots", Integer.toString(options.parallelism));
        conf.put("taskmanager.memory.managed.size", "64m");
        conf.put("taskmanager.memory.network.min", "32m");
        conf.put("taskmanager.memory.network.max", "32m");
        conf.put("restart-strategy.type", "none");
        // The client's errors carry the whole cause chain; the runner trims it to the messages.
        conf.put("sql-client.verbose", "true");
        return conf;
    }

    private int serve() throws Exception {
        BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            ObjectNode answer = handle(line);
            protocolOut.println(JSON.writeValueAsString(answer));
            for (JobKind kind : kinds.values()) {
                if (!kind.healthy()) return 3;
            }
        }
        return 0;
    }

    private int runFile(Options options) throws Exception {
        String script = Files.readString(Paths.get(options.file), StandardCharsets.UTF_8);
        ObjectNode request = JSON.createObjectNode();
        request.put("id", 0);
        request.put("kind", "sql");
        request.put("script", script);
        if (options.timeoutMs > 0) request.put("timeoutMs", options.timeoutMs);
        ObjectNode answer = handle(JSON.writeValueAsString(request));
        protocolOut.println(JSON.writeValueAsString(answer));
        return answer.path("ok").asBoolean(false) ? 0 : 1;
    }

    /** Parses, dispatches and runs one request; every failure becomes an ok:false answer. */
    private ObjectNode handle(String line) {
        ObjectNode answer = JSON.createObjectNode();
        long started = System.nanoTime();
        try {
            JsonNode request = JSON.readTree(line);
            if (!request.isObject()) throw new IllegalArgumentException("a request is a JSON object");
            answer.set("id", request.path("id"));
            String kindName = request.path("kind").asText("");
            JobKind kind = kinds.get(kindName);
            if (kind == null) {
                throw new IllegalArgumentException(
                        "unknown job kind '" + kindName + "' (known: " + kinds.keySet() + ")");
            }
            long timeoutMs = request.path("timeoutMs").asLong(DEFAULT_TIMEOUT_MS);
            if (timeoutMs <= 0) throw new IllegalArgumentException("timeoutMs must be > 0");
            kind.run(request, timeoutMs, answer);
        } catch (Throwable t) {
            answer.put("ok", false);
            if (!answer.has("error")) answer.put("error", Support.causeChain(t));
            t.printStackTrace();
        }
        answer.put("durationMs", (System.nanoTime() - started) / 1_000_000);
        return answer;
    }

    private void shutdown() {
        for (JobKind kind : kinds.values()) {
            try {
                kind.close();
            } catch (Throwable t) {
                t.printStackTrace();
            }
        }
        try {
            if (cluster != null) cluster.close();
        } catch (Throwable t) {
            t.printStackTrace();
        }
    }

    private static String event(String name, String error) {
        ObjectNode node = JSON.createObjectNode();
        node.put("event", name);
        node.put("error", error);
        try {
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            return "{\"event\":\"error\",\"error\":\"unprintable error\"}";
        }
    }

    /** Command-line options. */
    private static final class Options {
        int parallelism = 1;
        String file;
        long timeoutMs;
        final Map<String, String> conf = new LinkedHashMap<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (i + 1 >= args.length) throw new IllegalArgumentException(arg + " needs a value");
                String value = args[++i];
                switch (arg) {
                    case "--parallelism":
                        o.parallelism = Integer.parseInt(value);
                        if (o.parallelism < 1) throw new IllegalArgumentException("--parallelism must be >= 1");
                        break;
                    case "--file":
                        o.file = value;
                        break;
                    case "--timeout-ms":
                        o.timeoutMs = Long.parseLong(value);
                        break;
                    case "--conf":
                        int eq = value.indexOf('=');
                        if (eq <= 0) throw new IllegalArgumentException("--conf takes key=value, got " + value);
                        o.conf.put(value.substring(0, eq).trim(), value.substring(eq + 1).trim());
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            return o;
        }
    }
}
