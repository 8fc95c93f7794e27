/*
 * The "sql" job kind: runs a script through Flink's own SQL client code, as
 * `sql-client.sh -f job.sql` does in embedded mode.
 *
 * The runner starts the SQL client's embedded SQL Gateway once (a SqlGateway with a
 * SingleSessionManager over the DefaultContext loaded from FLINK_CONF_DIR/config.yaml, as
 * SqlClient's EmbeddedGateway does; its REST endpoint on 127.0.0.1). Each request then opens
 * a fresh session (so catalogs, tables and SET options never leak between requests), runs
 * the script with CliClient.executeInNonInteractiveMode on a dumb terminal whose output we
 * keep, and closes the session. The client submits each INSERT / statement set to the
 * MiniCluster over its REST endpoint (execution.target remote) and, as in sql-client.sh,
 * does not wait for it unless the script sets 'table.dml-sync'. The runner then waits for
 * every job the script submitted to end, so an answer means the sinks are final.
 *
 * Differences from sql-client.sh -f, on purpose: a statement error still stops the script
 * at that statement, but the runner also cancels jobs the script's earlier statements had
 * submitted (sql-client.sh would leave them running), and the timeout cancels the jobs.
 */
package dev.tributary.flink;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.table.client.cli.CliClient;
import org.apache.flink.table.client.cli.TerminalUtils;
import org.apache.flink.table.client.gateway.Executor;
import org.apache.flink.table.client.gateway.SingleSessionManager;
import org.apache.flink.table.gateway.SqlGateway;
import org.apache.flink.table.gateway.service.context.DefaultContext;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

final class SqlScriptJob implements FlinkRunner.JobKind {
    private static final String LOOPBACK = "127.0.0.1";
    private static final long CLIENT_GRACE_MS = 30_000;
    private static final int MAX_OUTPUT_CHARS = 64_000;
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");
    private static final String ERROR_MARK = "[ERROR] ";
    /**
     * Lines of the client's error that only say how the error travelled (REST client, gateway,
     * operation wrapper), not what Flink said about the statement; the headline and `output`
     * keep them.
     */
    private static final Pattern TRANSPORT = Pattern.compile(
            "^(Could not execute SQL statement\\.|End of exception on server side"
                    + "|(Caused by: )?org\\.apache\\.flink\\.runtime\\.rest\\.util\\.RestClientException: "
                    + "|(Caused by: )?org\\.apache\\.flink\\.table\\.gateway\\.api\\.utils\\.SqlGatewayException: "
                    + "|(Caused by: )?org\\.apache\\.flink\\.table\\.gateway\\.service\\.utils\\.SqlExecutionException: Failed to execute the operation )");

    private final MiniCluster cluster;
    private final DefaultContext context;
    private final SqlGateway gateway;
    private final InetSocketAddress gatewayAddress;
    private final Path historyFile;
    private volatile boolean healthy = true;

    SqlScriptJob(MiniCluster cluster, Path confDir) throws Exception {
        this.cluster = cluster;
        // As SqlClient does in embedded mode: config.yaml from FLINK_CONF_DIR, no extra jars,
        // and the deployment options a session cluster's client derives (DefaultCLI: remote).
        this.context = DefaultContext.load(new Configuration(), Collections.emptyList(), true);
        int port = Support.freeLoopbackPort();
        Configuration config = context.getFlinkConfig();
        config.setString("sql-gateway.endpoint.rest.address", LOOPBACK);
        config.setString("sql-gateway.endpoint.rest.bind-address", LOOPBACK);
        config.setString("sql-gateway.endpoint.rest.port", Integer.toString(port));
        this.gateway = new SqlGateway(config, new SingleSessionManager(context));
        gateway.start();
        this.gatewayAddress = InetSocketAddress.createUnresolved(LOOPBACK, port);
        this.historyFile = confDir.resolve("sql-client-history");
        warmUp();
    }

    /**
     * Plans one query through a session, so the first request does not pay for loading the
     * planner (flink-table-planner-loader unpacks the Scala planner into java.io.tmpdir and
     * starts Calcite) and its timeout covers only its own work.
     */
    private void warmUp() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        runClient("EXPLAIN PLAN FOR SELECT 1;\n", terminal, failure);
        String error = statementError(clean(terminal.toString(StandardCharsets.UTF_8)), failure.get());
        if (error != null) System.err.println("Warming up the SQL planner failed (jobs may still run): " + error);
    }

    @Override
    public void run(JsonNode request, long timeoutMs, ObjectNode answer) throws Exception {
        JsonNode scriptNode = request.path("script");
        if (!scriptNode.isTextual()) throw new IllegalArgumentException("a sql request needs a 'script' string");
        String script = scriptNode.asText();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Set<JobID> before = Support.jobIds(cluster);

        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        AtomicReference<Throwable> clientFailure = new AtomicReference<>();
        Thread client = new Thread(() -> runClient(script, terminal, clientFailure), "tributary-sql-client");
        client.setDaemon(true);
        client.start();
        client.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        boolean timedOut = client.isAlive();
        if (timedOut) {
            // e.g. 'table.dml-sync' = 'true' on an unbounded source: cancelling unblocks it.
            Support.cancelJobs(cluster, Support.newJobs(cluster, before));
            client.interrupt();
            client.join(CLIENT_GRACE_MS);
            if (client.isAlive()) healthy = false; // its session is still open: stop serving
        }

        String output = clean(terminal.toString(StandardCharsets.UTF_8));
        String statementError = statementError(output, clientFailure.get());
        List<JobStatusMessage> jobs = Support.newJobs(cluster, before);
        if (statementError == null && !timedOut) timedOut = !Support.awaitJobs(cluster, jobs, deadline);
        if (statementError != null || timedOut) Support.cancelJobs(cluster, jobs);
        String jobError = Support.describeJobs(cluster, jobs, answer.putArray("jobs"));

        String error = statementError != null ? statementError : jobError;
        if (timedOut) {
            error = "Timed out after " + timeoutMs + " ms; cancelled the script's running jobs"
                    + (error != null ? "\n" + error : "");
        }
        answer.put("ok", error == null);
        if (timedOut) answer.put("timedOut", true);
        if (error != null) answer.put("error", error);
        if (!healthy) answer.put("fatal", "the SQL client did not stop after the timeout; the runner exits");
        answer.put("output", output.length() <= MAX_OUTPUT_CHARS
                ? output
                : "…" + output.substring(output.length() - MAX_OUTPUT_CHARS));
    }

    /** One SQL client session, as `sql-client.sh -f`: statements in order, stop at the first error. */
    private void runClient(String script, ByteArrayOutputStream terminal, AtomicReference<Throwable> failure) {
        try (Executor executor = Executor.create(context, gatewayAddress, null);
                CliClient cli = new CliClient(() -> TerminalUtils.createDumbTerminal(terminal), executor, historyFile)) {
            cli.executeInNonInteractiveMode(script);
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    /**
     * The client prints "[ERROR] Could not execute SQL statement. Reason:" and the exception
     * (verbose: with stack frames, which we drop) and stops; nothing else prints "[ERROR]".
     */
    private static String statementError(String output, Throwable clientFailure) {
        int at = output.lastIndexOf(ERROR_MARK);
        if (at < 0) {
            return clientFailure == null ? null : "The SQL client failed: " + Support.causeChain(clientFailure);
        }
        String reported = Support.withoutFrames(output.substring(at + ERROR_MARK.length()));
        StringBuilder chain = new StringBuilder();
        for (String line : reported.split("\n")) {
            if (TRANSPORT.matcher(line).find()) continue;
            if (chain.length() == 0) line = line.replaceFirst("^Caused by: ", "");
            if (chain.length() > 0) chain.append('\n');
            chain.append(line);
        }
        String headline = reported.split("\n", 2)[0];
        return chain.length() == 0 ? reported : headline + "\n" + chain;
    }

    private static String clean(String terminalText) {
        return ANSI.matcher(terminalText).replaceAll("").replace("\r", "");
    }

    @Override
    public boolean healthy() {
        return healthy;
    }

    @Override
    public void close() {
        gateway.stop();
    }
}
