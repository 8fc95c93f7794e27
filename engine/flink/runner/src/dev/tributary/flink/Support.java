/*
 * Helpers every job kind of the runner shares: the jobs of one request on the cluster
 * (found by diffing the cluster's job list, awaited, cancelled), error text trimmed to
 * Flink's messages, and the config.yaml the SQL client reads.
 */
package dev.tributary.flink;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.util.SerializedThrowable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

final class Support {
    private static final int MAX_CAUSES = 12;
    private static final int MAX_ERROR_CHARS = 8_000;
    private static final long CANCEL_GRACE_MS = 30_000;

    private Support() {}

    // ----------------------------------------------------------------------------- cluster jobs

    static Set<JobID> jobIds(MiniCluster cluster) throws Exception {
        Set<JobID> ids = new HashSet<>();
        for (JobStatusMessage job : cluster.listJobs().get(30, TimeUnit.SECONDS)) ids.add(job.getJobId());
        return ids;
    }

    /** Jobs on the cluster that are not in {@code before}, oldest first. */
    static List<JobStatusMessage> newJobs(MiniCluster cluster, Set<JobID> before) throws Exception {
        List<JobStatusMessage> jobs = new ArrayList<>();
        for (JobStatusMessage job : cluster.listJobs().get(30, TimeUnit.SECONDS)) {
            if (!before.contains(job.getJobId())) jobs.add(job);
        }
        jobs.sort(Comparator.comparingLong(JobStatusMessage::getStartTime));
        return jobs;
    }

    /**
     * Waits until every job has ended or the deadline ({@link System#nanoTime()}) passes.
     *
     * @return true if all ended in time.
     */
    static boolean awaitJobs(MiniCluster cluster, List<JobStatusMessage> jobs, long deadline)
            throws Exception {
        for (JobStatusMessage job : jobs) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0 && !cluster.getJobStatus(job.getJobId()).get().isGloballyTerminalState()) {
                return false;
            }
            try {
                cluster.requestJobResult(job.getJobId()).get(Math.max(left, 1), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return false;
            }
        }
        return true;
    }

    /** Cancels every job that has not ended yet and waits (bounded) until they have. */
    static void cancelJobs(MiniCluster cluster, List<JobStatusMessage> jobs) {
        for (JobStatusMessage job : jobs) {
            try {
                if (!cluster.getJobStatus(job.getJobId()).get().isGloballyTerminalState()) {
                    cluster.cancelJob(job.getJobId()).get(CANCEL_GRACE_MS, TimeUnit.MILLISECONDS);
                }
            } catch (Exception e) {
                // it ended meanwhile, or cancelling failed: the status below says which
            }
        }
        for (JobStatusMessage job : jobs) {
            try {
                cluster.requestJobResult(job.getJobId()).get(CANCEL_GRACE_MS, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // reported with its current status
            }
        }
    }

    /**
     * The jobs as answer entries: {jobId, name, status, durationMs, error?}. Status is Flink's
     * JobStatus (FINISHED, FAILED, CANCELED, or a non-terminal one if cancelling failed).
     *
     * @return the first failed job's error, or null.
     */
    static String describeJobs(MiniCluster cluster, List<JobStatusMessage> jobs, ArrayNode out)
            throws Exception {
        String firstError = null;
        for (JobStatusMessage job : jobs) {
            ObjectNode entry = out.addObject();
            entry.put("jobId", job.getJobId().toHexString());
            entry.put("name", job.getJobName());
            JobStatus status = cluster.getJobStatus(job.getJobId()).get(30, TimeUnit.SECONDS);
            entry.put("status", status.name());
            if (!status.isGloballyTerminalState()) continue;
            JobResult result = cluster.requestJobResult(job.getJobId()).get(30, TimeUnit.SECONDS);
            entry.put("durationMs", result.getNetRuntime());
            if (status == JobStatus.FAILED && result.getSerializedThrowable().isPresent()) {
                String error = causeChain(result.getSerializedThrowable().get());
                entry.put("error", error);
                if (firstError == null) firstError = "Job '" + job.getJobName() + "' failed: " + error;
            }
        }
        return firstError;
    }

    // ----------------------------------------------------------------------------------- errors

    /**
     * A throwable as its cause chain: "Class: message" lines joined by "\nCaused by: ", without
     * stack frames, at most 12 causes and 8000 characters. Works for SerializedThrowable, whose
     * toString() gives the original class and message.
     */
    static String causeChain(Throwable t) {
        StringBuilder text = new StringBuilder();
        Set<Throwable> seen = new HashSet<>();
        String previous = null;
        for (int n = 0; t != null && n < MAX_CAUSES && seen.add(t); n++, t = t.getCause()) {
            String line = describe(t);
            if (line.equals(previous)) continue;
            if (text.length() > 0) text.append("\nCaused by: ");
            text.append(line);
            previous = line;
        }
        return cap(text.toString());
    }

    /**
     * "Class: message". A SerializedThrowable (a failure that crossed the RPC boundary) keeps the
     * original class name, and its message may already start with it.
     */
    private static String describe(Throwable t) {
        if (!(t instanceof SerializedThrowable)) return t.toString();
        String name = ((SerializedThrowable) t).getOriginalErrorClassName();
        String message = t.getMessage();
        if (message == null) return name;
        return message.startsWith(name + ": ") || message.equals(name) ? message : name + ": " + message;
    }

    /** A printed stack trace reduced to its exception lines (frames and "... N more" dropped). */
    static String withoutFrames(String trace) {
        StringBuilder text = new StringBuilder();
        for (String line : trace.split("\r?\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("at ") || trimmed.matches("\\.\\.\\. \\d+ more")) {
                continue;
            }
            if (text.length() > 0) text.append('\n');
            text.append(line.replaceFirst("^\\s+", ""));
        }
        return cap(text.toString());
    }

    static String cap(String text) {
        return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS) + " …";
    }

    // ------------------------------------------------------------------------------ local setup

    /**
     * Writes {@code dir/config.yaml} (flat keys, as Flink 1.20's config.yaml allows) atomically.
     * Values are written as YAML double-quoted strings; Flink converts them to each option's type.
     */
    static void writeConfigYaml(Path dir, Map<String, String> conf) throws IOException {
        StringBuilder yaml = new StringBuilder("# Written by Tributary's Flink runner.\n");
        for (Map.Entry<String, String> e : conf.entrySet()) {
            yaml.append(e.getKey()).append(": ").append(yamlString(e.getValue())).append('\n');
        }
        Path tmp = dir.resolve("config.yaml.tmp");
        Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve("config.yaml"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String yamlString(String value) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') s.append('\\').append(c);
            else if (c == '\n') s.append("\\n");
            else if (c < 0x20) s.append(String.format("\\x%02x", (int) c));
            else s.append(c);
        }
        return s.append('"').toString();
    }

    /** A port free on 127.0.0.1 right now (bound on loopback only, then released). */
    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
