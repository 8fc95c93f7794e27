/*
 * Patterns described in JSON, built with Flink CEP's own Pattern API, for the "cep" job kind.
 *
 * A pattern is {"stages":[...], "within": ms?, "skip": {"strategy": "noSkip"|"skipToNext"|
 * "skipPastLastEvent"|"skipToFirst"|"skipToLast", "stage": name?}}; a stage is
 * {"name", "contiguity": "begin"|"next"|"followedBy"|"followedByAny"|"notNext"|"notFollowedBy",
 *  "condition": C?, "quantifier": "one"|"times"|"oneOrMore"|"timesOrMore", "times": n?, "to": m?,
 *  "optional", "greedy", "consecutive", "allowCombinations": booleans, "until": C?}
 * (the same shape as Tributary's pattern node config, with conditions in the JSON language below
 * instead of TypeScript; the differential tests translate each condition to TypeScript).
 *
 * Conditions C, evaluated on the event's JSON object:
 *   {"field": f, "op": "=="|"!="|"<"|"<="|">"|">=", "value": v}     event[f] op v
 *   {"field": f, "op": op, "ref": {"stage": s, "agg": a, "field": g}}  event[f] op a(events of s so far)[g]
 *       a: first | last (value of the first/last event), count, sum | min | max | avg (numbers)
 *   {"count": s, "op": op, "value": n}                                number of events of s so far
 *   {"and": [C...]}, {"or": [C...]}, {"not": C}
 * Comparison: numbers numerically, strings by String.compareTo, booleans by == and != only; a
 * missing or null side, an aggregate over no values, or mixed types: false (except != of mixed
 * types: true). Stage references make IterativeConditions (ctx.getEventsForPattern).
 */
package dev.tributary.flink;

import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

final class CepPatterns {
    private CepPatterns() {}

    /** A parsed event: its key, event time, id and fields. */
    public static final class Event implements Serializable {
        public String key;
        public long ts;
        public String id;
        public String json;
        private transient JsonNode node;

        public Event() {}

        JsonNode node() {
            if (node == null) {
                try {
                    node = new ObjectMapper().readTree(json);
                } catch (Exception e) {
                    throw new IllegalStateException("bad event JSON: " + json, e);
                }
            }
            return node;
        }
    }

    static Pattern<Event, Event> build(JsonNode spec) {
        AfterMatchSkipStrategy skip = skipStrategy(spec.path("skip"));
        Pattern<Event, Event> p = null;
        for (JsonNode s : spec.path("stages")) {
            String name = s.path("name").asText();
            String contiguity = s.path("contiguity").asText();
            if (p == null) {
                if (!contiguity.equals("begin")) throw new IllegalArgumentException("the first stage is begin");
                p = Pattern.begin(name, skip);
            } else {
                switch (contiguity) {
                    case "next": p = p.next(name); break;
                    case "followedBy": p = p.followedBy(name); break;
                    case "followedByAny": p = p.followedByAny(name); break;
                    case "notNext": p = p.notNext(name); break;
                    case "notFollowedBy": p = p.notFollowedBy(name); break;
                    default: throw new IllegalArgumentException("bad contiguity " + contiguity);
                }
            }
            if (s.has("condition")) p = p.where(new JsonCondition(Cond.parse(s.get("condition"))));
            String q = s.path("quantifier").asText("one");
            int times = s.path("times").asInt(1);
            if (q.equals("times")) p = s.has("to") ? p.times(times, s.get("to").asInt()) : p.times(times);
            else if (q.equals("oneOrMore")) p = p.oneOrMore();
            else if (q.equals("timesOrMore")) p = p.timesOrMore(times);
            if (s.path("consecutive").asBoolean(false)) p = p.consecutive();
            if (s.path("allowCombinations").asBoolean(false)) p = p.allowCombinations();
            if (s.path("optional").asBoolean(false)) p = p.optional();
            if (s.path("greedy").asBoolean(false)) p = p.greedy();
            if (s.has("until")) p = p.until(new JsonCondition(Cond.parse(s.get("until"))));
        }
        if (p == null) throw new IllegalArgumentException("a pattern needs stages");
        if (spec.has("within")) p = p.within(Duration.ofMillis(spec.get("within").asLong()));
        return p;
    }

    private static AfterMatchSkipStrategy skipStrategy(JsonNode skip) {
        String strategy = skip.path("strategy").asText("noSkip");
        switch (strategy) {
            case "noSkip": return AfterMatchSkipStrategy.noSkip();
            case "skipToNext": return AfterMatchSkipStrategy.skipToNext();
            case "skipPastLastEvent": return AfterMatchSkipStrategy.skipPastLastEvent();
            case "skipToFirst": return AfterMatchSkipStrategy.skipToFirst(skip.path("stage").asText());
            case "skipToLast": return AfterMatchSkipStrategy.skipToLast(skip.path("stage").asText());
            default: throw new IllegalArgumentException("bad skip strategy " + strategy);
        }
    }

    /** A condition of the JSON language as Flink's IterativeCondition. */
    static final class JsonCondition extends IterativeCondition<Event> {
        private final Cond cond;

        JsonCondition(Cond cond) {
            this.cond = cond;
        }

        @Override
        public boolean filter(Event value, Context<Event> ctx) throws Exception {
            return cond.test(value.node(), ctx);
        }
    }

    /** The condition tree (serializable: it travels inside the job graph). */
    static final class Cond implements Serializable {
        String kind;
        String field;
        String op;
        String valueJson;
        String stage;
        String agg;
        String refField;
        List<Cond> parts = new ArrayList<>();

        static Cond parse(JsonNode n) {
            Cond c = new Cond();
            if (n.has("and") || n.has("or")) {
                c.kind = n.has("and") ? "and" : "or";
                for (JsonNode part : n.get(c.kind)) c.parts.add(parse(part));
            } else if (n.has("not")) {
                c.kind = "not";
                c.parts.add(parse(n.get("not")));
            } else if (n.has("count")) {
                c.kind = "count";
                c.stage = n.get("count").asText();
                c.op = n.path("op").asText();
                c.valueJson = n.get("value").toString();
            } else if (n.has("ref")) {
                c.kind = "ref";
                c.field = n.path("field").asText();
                c.op = n.path("op").asText();
                c.stage = n.get("ref").path("stage").asText();
                c.agg = n.get("ref").path("agg").asText();
                c.refField = n.get("ref").path("field").asText(null);
            } else {
                c.kind = "value";
                c.field = n.path("field").asText();
                c.op = n.path("op").asText();
                c.valueJson = n.get("value").toString();
            }
            return c;
        }

        boolean test(JsonNode event, IterativeCondition.Context<Event> ctx) throws Exception {
            switch (kind) {
                case "and":
                    for (Cond p : parts) if (!p.test(event, ctx)) return false;
                    return true;
                case "or":
                    for (Cond p : parts) if (p.test(event, ctx)) return true;
                    return false;
                case "not":
                    return !parts.get(0).test(event, ctx);
                case "count": {
                    int n = 0;
                    for (Event ignored : ctx.getEventsForPattern(stage)) n++;
                    return compare(new ObjectMapper().getNodeFactory().numberNode(n), op, value());
                }
                case "ref":
                    return compare(event.get(field), op, aggregate(ctx.getEventsForPattern(stage)));
                default:
                    return compare(event.get(field), op, value());
            }
        }

        private JsonNode value() throws Exception {
            return new ObjectMapper().readTree(valueJson);
        }

        private JsonNode aggregate(Iterable<Event> events) {
            List<JsonNode> values = new ArrayList<>();
            int count = 0;
            for (Event e : events) {
                count++;
                JsonNode v = e.node().get(refField == null ? "" : refField);
                if (v != null && !v.isNull()) values.add(v);
            }
            ObjectMapper json = new ObjectMapper();
            if (agg.equals("count")) return json.getNodeFactory().numberNode(count);
            if (agg.equals("first")) return values.isEmpty() ? null : values.get(0);
            if (agg.equals("last")) return values.isEmpty() ? null : values.get(values.size() - 1);
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int numbers = 0;
            for (JsonNode v : values) {
                if (!v.isNumber()) continue;
                double d = v.asDouble();
                sum += d;
                min = Math.min(min, d);
                max = Math.max(max, d);
                numbers++;
            }
            if (agg.equals("sum")) return json.getNodeFactory().numberNode(sum);
            if (numbers == 0) return null;
            if (agg.equals("min")) return json.getNodeFactory().numberNode(min);
            if (agg.equals("max")) return json.getNodeFactory().numberNode(max);
            if (agg.equals("avg")) return json.getNodeFactory().numberNode(sum / numbers);
            throw new IllegalArgumentException("bad aggregate " + agg);
        }

        static boolean compare(JsonNode l, String op, JsonNode r) {
            if (l == null || r == null || l.isNull() || r.isNull()) return false;
            int c;
            if (l.isNumber() && r.isNumber()) c = Double.compare(l.asDouble(), r.asDouble());
            else if (l.isTextual() && r.isTextual()) c = Integer.signum(l.asText().compareTo(r.asText()));
            else if (l.isBoolean() && r.isBoolean()) {
                if (op.equals("==")) return l.asBoolean() == r.asBoolean();
                if (op.equals("!=")) return l.asBoolean() != r.asBoolean();
                return false;
            } else return op.equals("!=");
            switch (op) {
                case "==": return c == 0;
                case "!=": return c != 0;
                case "<": return c < 0;
                case "<=": return c <= 0;
                case ">": return c > 0;
                case ">=": return c >= 0;
                default: throw new IllegalArgumentException("bad operator " + op);
            }
        }
    }
}
