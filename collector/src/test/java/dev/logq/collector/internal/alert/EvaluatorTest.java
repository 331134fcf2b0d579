package dev.logq.collector.internal.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.collector.internal.alert.Notification.Kind;
import dev.logq.store.model.Event;
import dev.logq.store.model.Facility;
import dev.logq.store.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each condition fires, groups what follows, reminds, and clears as documented, on a clock the test moves
 * (times in seconds from 0); and exactly one node owns each rule.
 */
class EvaluatorTest {

    final List<Notification> sent = new ArrayList<>();
    boolean silenced;

    Evaluator evaluator(String... ruleLines) {
        List<String> lines = new ArrayList<>(List.of("[r]"));
        lines.addAll(List.of(ruleLines));
        lines.add("notify = exec /bin/true");
        RuleFiles.Loaded l = RuleFiles.parse("t.conf", lines, "log1");
        assertEquals(List.of(), l.refused());
        return new Evaluator(l.rules().getFirst(), new RuleState(), "log1", 0, (rule, state, n) -> {
            if (silenced) {
                return false;
            }
            sent.add(n);
            return true;
        });
    }

    static Event event(String host, String app, String msg, long second) {
        return sample(host, app, msg, null, second);
    }

    static Event sample(String host, String app, String msg, String fields, long second) {
        Instant t = Instant.ofEpochSecond(second);
        return new Event(t, t, host, app, "42", null, Facility.AUTH, Severity.INFO, msg, Map.of(), fields, "log1", second, "test");
    }

    static long ms(long second) {
        return second * 1000;
    }

    List<Kind> kinds() {
        return sent.stream().map(Notification::kind).toList();
    }

    @Test
    void anyFiresOnTheFirstMatchGroupsTheRestAndResolvesAfterItsWindow() {
        Evaluator ev = evaluator("query = -F -a sshd 'Accepted password for root'", "when = any within 5m", "repeat = 10m");
        ev.offer(event("web1", "sshd", "Accepted password for root from 10.0.0.5", 100), ms(100));
        assertEquals(List.of(Kind.FIRING), kinds(), "at once, not at the next tick");
        Notification first = sent.getFirst();
        assertEquals(1, first.count());
        assertEquals(List.of("1970-01-01T00:01:40.000Z web1 sshd[42]: Accepted password for root from 10.0.0.5"), first.events());
        assertEquals("logq --since 1970-01-01T00:01:40Z -F -a sshd 'Accepted password for root'", first.command());
        assertTrue(first.subject().startsWith("[logq] FIRING r: 1 event from web1"), first.subject());

        ev.offer(event("web2", "sshd", "Accepted password for root from 10.0.0.6", 110), ms(110));
        ev.offer(event("web2", "cron", "Accepted password for root", 111), ms(111));  // another app: not selected
        ev.offer(event("web2", "sshd", "Accepted publickey for root", 112), ms(112));  // another message
        for (long t = 101; t < 400; t++) {
            ev.tick(ms(t));
        }
        assertEquals(List.of(Kind.FIRING), kinds(), "further matches are grouped");
        ev.offer(event("web2", "sshd", "Accepted password for root from 10.0.0.7", 400), ms(400));
        ev.offer(event("web2", "sshd", "Accepted password for root from 10.0.0.9", 650), ms(650));
        for (long t = 401; t <= 700; t++) {
            ev.tick(ms(t));
        }
        assertEquals(List.of(Kind.FIRING, Kind.REPEAT), kinds(), "a reminder once repeat (10m) passed since the first message");
        Notification reminder = sent.get(1);
        assertEquals(4, reminder.count());
        assertEquals(3, reminder.fresh());
        assertEquals(Map.of("web1", 1L, "web2", 3L), reminder.hosts());
        for (long t = 701; t <= 1000; t++) {
            ev.tick(ms(t));
        }
        assertEquals(List.of(Kind.FIRING, Kind.REPEAT, Kind.RESOLVED), kinds(), "5m after the last match");
        assertTrue(sent.get(2).command().contains("--until"), sent.get(2).command());
        ev.offer(event("web1", "sshd", "Accepted password for root from 10.0.0.8", 2000), ms(2000));
        assertEquals(Kind.FIRING, sent.getLast().kind());
        assertEquals(1, sent.getLast().count(), "a new episode");
    }

    @Test
    void countFiresWhenMoreThanNMatchWithinTheWindowAndNotWhenTheyAreSpreadOut() {
        Evaluator ev = evaluator("query = -w timeout", "when = count > 3 within 1m", "by = host");
        for (long t = 0; t < 10; t++) {
            ev.offer(event("web1", "app", "timeout", t * 30), ms(t * 30));  // 2 a minute
            ev.tick(ms(t * 30 + 1));
        }
        assertEquals(List.of(), kinds());
        for (long t = 400; t < 404; t++) {
            ev.offer(event("web2", "app", "read timeout", t), ms(t));
        }
        assertEquals(List.of(Kind.FIRING), kinds(), "the fourth within a minute");
        assertEquals("web2", sent.getFirst().group());
        assertEquals(4, sent.getFirst().count());
        assertTrue(sent.getFirst().command().contains(" -H web2 "), sent.getFirst().command());
        ev.offer(event("web2", "app", "timeouts", 404), ms(404));  // not the word
        for (long t = 405; t < 470; t++) {
            ev.tick(ms(t));
        }
        assertEquals(List.of(Kind.FIRING, Kind.RESOLVED), kinds(), "once the window holds 3 or fewer");
    }

    @Test
    void absentFiresForAHostThatWentQuietAndResolvesWhenItIsHeardAgain() {
        Evaluator ev = evaluator("query = -a logq-perfmon -H db1 --host web1", "when = absent for 2m");
        ev.offer(event("web1", "logq-perfmon", "{}", 10), ms(10));
        ev.offer(event("web1", "logq-perfmon", "{}", 60), ms(60));
        for (long t = 61; t < 180; t++) {
            ev.tick(ms(t));
        }
        assertEquals(List.of(Kind.FIRING), kinds(), "db1, named by -H, was never heard since the start (0)");
        assertEquals("db1", sent.getFirst().group());
        ev.tick(ms(180));
        assertEquals(2, sent.size(), "web1, last heard at 60, is quiet for 2m at 180");
        assertEquals("web1", sent.get(1).group());
        assertTrue(sent.get(1).subject().contains("nothing since 1970-01-01T00:01:00Z"), sent.get(1).subject());
        assertEquals("logq -n 10 -H web1 -a logq-perfmon", sent.get(1).command(), "the group's host in place of the rule's");
        ev.offer(event("web1", "logq-perfmon", "{}", 200), ms(200));
        assertEquals(Kind.RESOLVED, sent.getLast().kind());
        assertEquals("web1", sent.getLast().group());
    }

    @Test
    void eventsEvaluatedLateAreJudgedAtTheirArrival() {
        Evaluator any = evaluator("when = any within 1s", "by = host");
        any.offer(event("web1", "app", "boom", 100), ms(130));  // evaluated 30 s after it arrived
        assertEquals(List.of(Kind.FIRING), kinds(), "a match fires however late it is evaluated");
        any.tick(ms(131));
        assertEquals(List.of(Kind.FIRING, Kind.RESOLVED), kinds(), "and clears once its span is over");
        sent.clear();
        Evaluator count = evaluator("when = count > 2 within 10s");
        for (long t = 200; t < 203; t++) {
            count.offer(event("web1", "app", "boom", t), ms(t + 60));  // a burst, read a minute late
        }
        assertEquals(List.of(Kind.FIRING), kinds(), "three within 10 s of their arrival");
    }

    @Test
    void aRuleLoadedLaterExpectsItsHostsFromThenOn() {
        RuleFiles.Loaded l = RuleFiles.parse("t.conf", List.of("[r]", "query = -H db1", "when = absent for 1m", "notify = exec /bin/true"), "log1");
        RuleState state = new RuleState();
        state.since = ms(1000);  // loaded by a kill -HUP long after the process started at 0
        Evaluator ev = new Evaluator(l.rules().getFirst(), state, "log1", 0, (rule, s, n) -> sent.add(n));
        ev.tick(ms(1030));
        assertEquals(List.of(), kinds());
        ev.tick(ms(1060));
        assertEquals(List.of(Kind.FIRING), kinds());
    }

    @Test
    void aThresholdFiresWhenEverySampleOfTheSpanIsBeyondIt() {
        Evaluator ev = evaluator("when = cpu_total.physique.user_pct > 90 for 1m");
        long t = 0;
        for (; t < 50; t += 10) {
            ev.offer(sample("web1", "logq-perfmon", "{}", cpu(95), t), ms(t));
        }
        ev.offer(sample("web1", "logq-perfmon", "{}", cpu(50), t), ms(t));  // one dip starts it over
        for (t += 10; t <= 120; t += 10) {
            ev.offer(sample("web1", "logq-perfmon", "{}", cpu(97.5), t), ms(t));
            ev.offer(sample("web1", "nginx", "{}", cpu(10), t), ms(t));  // not a sample
        }
        assertEquals(List.of(Kind.FIRING), kinds(), "60 s beyond, from 60 to 120");
        assertEquals(97.5, sent.getFirst().value());
        assertEquals("web1", sent.getFirst().group());
        assertEquals("logq stats cpu_total.physique.user_pct --since 1970-01-01T00:01:00Z -H web1", sent.getFirst().command());
        ev.offer(sample("web1", "logq-perfmon", "{}", cpu(12), 130), ms(130));
        assertEquals(List.of(Kind.FIRING, Kind.RESOLVED), kinds());
    }

    static String cpu(double user) {
        return "{\"cpu_total\":{\"physique\":{\"sys_pct\":1,\"user_pct\":" + user + "},\"load_average\":{\"T0\":1}},\"disks\":{}}";
    }

    @Test
    void aSilenceHoldsTheMessageBackUntilItEnds() {
        Evaluator ev = evaluator("when = any within 10m");
        silenced = true;
        ev.offer(event("web1", "app", "boom", 10), ms(10));
        ev.tick(ms(20));
        assertEquals(List.of(), kinds());
        silenced = false;
        ev.tick(ms(30));
        assertEquals(List.of(Kind.FIRING), kinds(), "what was held back goes once the silence ends");
    }

    @Test
    void aFiringThatWasNeverSentIsNotResolvedEither() {
        Evaluator ev = evaluator("when = any within 1m");
        silenced = true;
        ev.offer(event("web1", "app", "boom", 10), ms(10));
        for (long t = 11; t < 200; t++) {
            ev.tick(ms(t));
        }
        silenced = false;
        ev.tick(ms(201));
        assertEquals(List.of(), kinds());
    }

    @Test
    void aLongMessageIsCutInTheNotification() {
        Evaluator ev = evaluator("when = any");
        ev.offer(event("web1", "app", "x".repeat(70_000), 10), ms(10));
        String line = sent.getFirst().events().getFirst();
        assertEquals(GroupState.LINE_CHARS + 1, line.length());
        assertTrue(line.endsWith("x…"), line.substring(line.length() - 5));
        String emoji = "a".repeat(GroupState.LINE_CHARS - 1) + "\uD83D\uDE00tail";
        assertEquals("a".repeat(GroupState.LINE_CHARS - 1) + "…", GroupState.shortened(emoji), "a surrogate pair is not split");
    }

    @Test
    void fieldsAreReadByTheirDottedPath() {
        String json = "{\"a\":{\"b\":[1,2],\"c\":{\"d\":3.5}},\"c\":{\"d\":9},\"e\":\"x\"}";
        assertEquals(3.5, Evaluator.field(json, "a.c.d"));
        assertEquals(9, Evaluator.field(json, "c.d"));
        assertTrue(Double.isNaN(Evaluator.field(json, "a.b")));
        assertTrue(Double.isNaN(Evaluator.field(json, "e")));
        assertTrue(Double.isNaN(Evaluator.field(json, "a.x")));
        assertTrue(Double.isNaN(Evaluator.field("not json", "a")));
    }

    @Test
    void everyNodeNamesTheSameOwnerAndRulesSpreadOverTheNodes() {
        Set<String> owners = new java.util.HashSet<>();
        for (int i = 0; i < 30; i++) {
            String rule = "rule-" + i;
            String fromA = Alerts.ownerOf(rule, "log1", Set.of("log2", "log3"));
            assertEquals(fromA, Alerts.ownerOf(rule, "log2", Set.of("log1", "log3")));
            assertEquals(fromA, Alerts.ownerOf(rule, "log3", Set.of("log2", "log1")));
            owners.add(fromA);
            String without = Alerts.ownerOf(rule, "log1", Set.of("log2", "log3").stream().filter(n -> !n.equals(fromA)).collect(
                    java.util.stream.Collectors.toSet()));
            if (!fromA.equals("log1")) {
                assertTrue(!without.equals(fromA), "an owner that is down is replaced");
            }
        }
        assertEquals(Set.of("log1", "log2", "log3"), owners);
    }
}
