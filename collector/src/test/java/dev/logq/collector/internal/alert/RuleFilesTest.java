package dev.logq.collector.internal.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logq.collector.internal.alert.Rule.GroupBy;
import dev.logq.store.model.Query.PatternMode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule files' format: what reads, and the one line naming file, line and reason for what does not. */
class RuleFilesTest {

    static RuleFiles.Loaded parse(String... lines) {
        return RuleFiles.parse("/etc/logq/alerts.d/test.conf", List.of(lines), "web1");
    }

    @Test
    void aRuleWithEveryKeyReads() {
        RuleFiles.Loaded l = parse(
                "# ssh",
                "[root-login]",
                "query = -Fi -a sshd -H web1 --field user=root 'accepted password for'",
                "when = count > 3 within 10m",
                "by = host",
                "repeat = 2h",
                "resolved = no",
                "retries = 2",
                "notify = mail ops@example.com, oncall@example.com",
                "notify = webhook https://chat.example.com/hooks/abc",
                "notify = exec /usr/local/bin/page-me --team 'ops team'");
        assertEquals(List.of(), l.refused());
        Rule r = l.rules().getFirst();
        assertEquals("root-login", r.name());
        assertEquals("/etc/logq/alerts.d/test.conf:2", r.where());
        assertEquals(PatternMode.FIXED, r.query().query().mode());
        assertTrue(r.query().query().ignoreCase());
        assertEquals("accepted password for", r.query().query().pattern());
        assertEquals(java.util.Set.of("sshd"), r.query().query().apps());
        assertEquals(java.util.Set.of("web1"), r.query().hosts());
        assertEquals(1, r.query().query().fields().size());
        assertEquals(new Condition.Count(3, false, Duration.ofMinutes(10)), r.condition());
        assertEquals(GroupBy.HOST, r.by());
        assertEquals(Duration.ofHours(2), r.repeat());
        assertFalse(r.resolved());
        assertEquals(2, r.retries());
        assertEquals(new Notifier.Mail(List.of("ops@example.com", "oncall@example.com")), r.notifiers().get(0));
        assertEquals(new Notifier.Exec(List.of("/usr/local/bin/page-me", "--team", "ops team")), r.notifiers().get(2));
        assertEquals("https://chat.example.com", r.notifiers().get(1).target(), "the log never shows a webhook's secret path");
    }

    @Test
    void defaultsAreAnyRuleGroupedAsOneRemindedHourlyAndResolved() {
        Rule r = parse("[x]", "when = any", "notify = webhook http://127.0.0.1:1/").rules().getFirst();
        assertEquals(new Condition.Any(Duration.ofMinutes(5)), r.condition());
        assertEquals(GroupBy.NONE, r.by());
        assertEquals(Duration.ofHours(1), r.repeat());
        assertTrue(r.resolved());
        assertEquals(5, r.retries());
        assertTrue(r.query().words().isEmpty());
        Rule absent = parse("[quiet]", "query = -a logq-perfmon", "when = absent for 10m", "notify = exec /bin/true").rules().getFirst();
        assertEquals(GroupBy.HOST, absent.by());
        Rule cpu = parse("[cpu]", "when = cpu_total.physique.user_pct >= 90 for 5m", "repeat = off", "notify = exec /bin/true").rules().getFirst();
        assertEquals(new Condition.Threshold("cpu_total.physique.user_pct", ">=", 90, Duration.ofMinutes(5)), cpu.condition());
        assertEquals(java.util.Set.of("logq-perfmon", "jsonperfmon"), cpu.query().query().apps(), "a threshold reads host samples");
        assertNull(cpu.repeat());
    }

    @Test
    void aBadRuleIsRefusedWithItsFileLineAndReasonAndTheOthersLoad() {
        RuleFiles.Loaded l = parse(
                "[bad-regex]",
                "query = -E 'a(b'",
                "when = any",
                "notify = exec /bin/true",
                "[good]",
                "when = any",
                "notify = exec /bin/true",
                "[bad-field]",
                "when = cpu.user_pct > 90 for 5m",
                "notify = exec /bin/true",
                "[good]",
                "when = any",
                "notify = exec /bin/true",
                "[no-notify]",
                "when = any",
                "[bad-key]",
                "when = any",
                "notfy = exec /bin/true",
                "[bad-when]",
                "when = sometimes",
                "notify = exec /bin/true",
                "[relative-exec]",
                "when = any",
                "notify = exec page-me");
        assertEquals(List.of("good"), l.rules().stream().map(Rule::name).toList());
        List<String> refused = l.refused();
        assertEquals(7, refused.size(), String.join("\n", refused));
        assertTrue(refused.get(0).startsWith("/etc/logq/alerts.d/test.conf:2: rule bad-regex refused: "), refused.get(0));
        assertTrue(refused.get(0).contains("parenthes") || refused.get(0).contains("("), refused.get(0));
        assertTrue(refused.get(1).startsWith("/etc/logq/alerts.d/test.conf:9: rule bad-field refused: unknown field cpu.user_pct"), refused.get(1));
        assertTrue(refused.get(2).startsWith("/etc/logq/alerts.d/test.conf:11: rule good is defined a second time"), refused.get(2));
        assertTrue(refused.get(3).contains(":14: rule no-notify refused: it has no 'notify'"), refused.get(3));
        assertTrue(refused.get(4).contains(":18: rule bad-key refused: no key 'notfy'"), refused.get(4));
        assertTrue(refused.get(5).contains(":20: rule bad-when refused: 'sometimes' is not a condition"), refused.get(5));
        assertTrue(refused.get(6).contains(":24: rule relative-exec refused: exec needs a command with its absolute path"), refused.get(6));
    }

    @Test
    void theMailSectionSetsTheRelay() {
        RuleFiles.Loaded l = parse("[mail]", "relay = smtp.example.com:587", "starttls = always", "user = alerts",
                "password-file = /etc/logq/smtp-password", "from = logq@example.com");
        assertEquals("smtp.example.com", l.mail().host());
        assertEquals(587, l.mail().port());
        assertEquals(MailSettings.StartTls.ALWAYS, l.mail().startTls());
        assertEquals("logq@example.com", l.mail().from());
        assertEquals("127.0.0.1:25", parse().mail().relay(), "the local MTA by default");
        assertEquals("logq@web1", parse().mail().from());
        assertEquals(List.of("/etc/logq/alerts.d/test.conf:3: starttls 'maybe' is not auto, always or never"),
                parse("[mail]", "relay = 127.0.0.1:2525", "starttls = maybe").refused());
    }

    @Test
    void queriesTakeLogqsSelectingOptionsAndRefuseTheOthers() {
        RuleQuery q = RuleQuery.parse("-e timeout -e 'connection reset' -p err --host=db1 -v");
        assertEquals("timeout\nconnection reset", q.query().pattern());
        assertTrue(q.query().invert());
        assertEquals("err", q.query().severities().text());
        assertEquals("-e timeout -e 'connection reset' -p err --host=db1 -v", q.text());
        for (String bad : List.of("--since 1h x", "-n 5 x", "a b", "-e")) {
            try {
                RuleQuery.parse(bad);
                throw new AssertionError(bad + " was taken");
            } catch (IllegalArgumentException expected) {
                assertFalse(expected.getMessage().isBlank());
            }
        }
    }

    @Test
    void wordsSplitAsAShellWouldWithoutRunningOne() {
        assertEquals(List.of("a b", "c\"d", "e f", "$HOME", "g'h"), Words.split("'a b' \"c\\\"d\" e\\ f '$HOME' \"g'h\""));
        assertEquals("'it'\\''s'", Words.quote("it's"));
        assertEquals(List.of("it's"), Words.split(Words.quote("it's")));
    }
}
