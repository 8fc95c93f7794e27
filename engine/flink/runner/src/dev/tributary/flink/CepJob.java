/*
 * The "cep" job kind: a DataStream job with Flink CEP, described in JSON, run on the runner's
 * MiniCluster. Request:
 *   {"id":1,"kind":"cep","input":"/abs/events.jsonl","timeField":"ts","keyField":"k","idField":"id",
 *    "maxOutOfOrderness":1000,"pattern":{...see CepPatterns...},
 *    "matches":"/abs/matches.jsonl","timeouts":"/abs/timeouts.jsonl","late":"/abs/late.jsonl",
 *    "timeoutMs":60000}
 * The job reads the JSON-lines file (FileSource, one split, in file order), takes each event's
 * time from `timeField` (epoch ms) and emits a watermark max - maxOutOfOrderness - 1 after every
 * event (bounded out-of-orderness, punctuated, so lateness is reproducible), keys by `keyField`,
 * applies the pattern in event time with CEP.pattern(...).sideOutputLateData(...) and a
 * PatternProcessFunction that also handles timed-out partial matches, and writes one JSON line
 * per match {"<stage>":[ids...]}, per timeout {"match":{...},"at":epochMs}, per late event its id.
 * Answer: {"ok":true,"jobs":[...]} once the job finished (as for "sql": failed jobs and timeouts
 * give ok:false with Flink's cause chain).
 */
package dev.tributary.flink;

import dev.tributary.flink.CepPatterns.Event;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.PatternStream;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.functions.TimedOutPartialMatchHandler;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

final class CepJob implements FlinkRunner.JobKind {
    private static final OutputTag<String> TIMEOUTS = new OutputTag<String>("timeouts") {};
    private static final OutputTag<Event> LATE = new OutputTag<Event>("late") {};

    private final MiniCluster cluster;

    CepJob(MiniCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public void run(JsonNode request, long timeoutMs, ObjectNode answer) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        StreamExecutionEnvironment env = new StreamExecutionEnvironment();
        env.setParallelism(1);
        String timeField = text(request, "timeField");
        String keyField = text(request, "keyField");
        String idField = text(request, "idField");
        long bound = request.path("maxOutOfOrderness").asLong(0);

        FileSource<String> source =
                FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(text(request, "input"))).build();
        DataStream<Event> events = env.fromSource(source, WatermarkStrategy.noWatermarks(), "events")
                .filter(line -> !line.isBlank())
                .map(line -> parse(line, timeField, keyField, idField))
                .returns(Event.class)
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<Event>forGenerator(ctx -> new Punctuated(bound))
                                .withTimestampAssigner((e, ts) -> e.ts));
        PatternStream<Event> matches = CEP.pattern(events.keyBy(e -> e.key, Types.STRING), CepPatterns.build(request.path("pattern")))
                .sideOutputLateData(LATE);
        SingleOutputStreamOperator<String> out = matches.process(new Emit());
        out.addSink(new LineSink(text(request, "matches"))).name("matches");
        out.getSideOutput(TIMEOUTS).addSink(new LineSink(text(request, "timeouts"))).name("timeouts");
        out.getSideOutput(LATE).map(e -> e.id).returns(Types.STRING).addSink(new LineSink(text(request, "late"))).name("late");

        StreamGraph streamGraph = env.getStreamGraph();
        streamGraph.setJobName(request.path("name").asText("cep"));
        JobGraph graph = streamGraph.getJobGraph();
        Set<JobID> before = Support.jobIds(cluster);
        cluster.submitJob(graph).get(30, TimeUnit.SECONDS);
        List<JobStatusMessage> jobs = Support.newJobs(cluster, before);
        boolean timedOut = !Support.awaitJobs(cluster, jobs, deadline);
        if (timedOut) Support.cancelJobs(cluster, jobs);
        String error = Support.describeJobs(cluster, jobs, answer.putArray("jobs"));
        if (timedOut) error = "Timed out after " + timeoutMs + " ms; cancelled the job" + (error != null ? "\n" + error : "");
        answer.put("ok", error == null);
        if (timedOut) answer.put("timedOut", true);
        if (error != null) answer.put("error", error);
    }

    private static String text(JsonNode request, String field) {
        JsonNode value = request.path(field);
        if (!value.isTextual()) throw new IllegalArgumentException("a cep request needs a '" + field + "' string");
        return value.asText();
    }

    private static Event parse(String line, String timeField, String keyField, String idField) throws Exception {
        JsonNode node = new ObjectMapper().readTree(line);
        Event e = new Event();
        e.json = line;
        e.ts = node.path(timeField).asLong();
        e.key = node.path(keyField).asText();
        e.id = node.path(idField).asText();
        return e;
    }

    /** BoundedOutOfOrdernessWatermarks, emitted after every event instead of periodically. */
    static final class Punctuated implements WatermarkGenerator<Event> {
        private final long bound;
        private long max;

        Punctuated(long bound) {
            this.bound = bound;
            this.max = Long.MIN_VALUE + bound + 1;
        }

        @Override
        public void onEvent(Event event, long eventTimestamp, WatermarkOutput output) {
            max = Math.max(max, eventTimestamp);
            output.emitWatermark(new Watermark(max - bound - 1));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }

    /** Matches as {"stage":[ids]}, timed-out partial matches as {"match":{...},"at":ms}. */
    static final class Emit extends PatternProcessFunction<Event, String> implements TimedOutPartialMatchHandler<Event> {
        private transient ObjectMapper json;

        @Override
        public void open(OpenContext openContext) {
            json = new ObjectMapper();
        }

        private ObjectNode ids(Map<String, List<Event>> match) {
            ObjectNode node = json.createObjectNode();
            for (Map.Entry<String, List<Event>> stage : match.entrySet()) {
                ArrayNode list = node.putArray(stage.getKey());
                for (Event e : stage.getValue()) list.add(e.id);
            }
            return node;
        }

        @Override
        public void processMatch(Map<String, List<Event>> match, Context ctx, Collector<String> out) throws Exception {
            out.collect(json.writeValueAsString(ids(match)));
        }

        @Override
        public void processTimedOutMatch(Map<String, List<Event>> match, Context ctx) throws Exception {
            ObjectNode node = json.createObjectNode();
            node.set("match", ids(match));
            node.put("at", ctx.timestamp());
            ctx.output(TIMEOUTS, json.writeValueAsString(node));
        }
    }

    /** Appends lines to one local file (parallelism 1), created empty when the job starts. */
    static final class LineSink extends RichSinkFunction<String> {
        private final String path;
        private transient BufferedWriter writer;

        LineSink(String path) {
            this.path = path;
        }

        @Override
        public void open(OpenContext openContext) throws Exception {
            writer = Files.newBufferedWriter(Paths.get(path), StandardCharsets.UTF_8);
        }

        @Override
        public void invoke(String value, Context context) throws Exception {
            writer.write(value);
            writer.write('\n');
        }

        @Override
        public void close() throws Exception {
            if (writer != null) writer.close();
        }
    }
}
