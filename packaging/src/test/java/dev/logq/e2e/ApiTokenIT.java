package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** With --api-token-file, search and ingest need the token; health and metrics stay open. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ApiTokenIT {

    static final String TOKEN = "8d2f6b0c4a9e1f3d5b7c9e0a";

    @TempDir
    Path work;

    private static Run logq(LogqdProcess logqd, Map<String, String> env, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(Dist.bin("logq").toString(), "--node", logqd.url()));
        command.addAll(List.of(args));
        return Run.of(command, env, null);
    }

    private static String status(String... curlArgs) {
        List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}"));
        command.addAll(List.of(curlArgs));
        return Run.of(command).out().strip();
    }

    @Test
    void searchAndIngestNeedTheTokenAndTheCliSendsIt() throws Exception {
        Path tokenFile = Files.writeString(work.resolve("token"), TOKEN + "\n");
        try (LogqdProcess logqd = LogqdProcess.start(work, "token1", "--api-token-file", tokenFile.toString())) {
            String ingest = logqd.url() + "/api/v1/ingest";
            assertEquals("401", status("--data-binary", "{\"msg\":\"no token\"}", ingest));
            assertEquals("401", status("-H", "Authorization: Bearer wrong-token-0123456789", "--data-binary", "{\"msg\":\"bad\"}", ingest));
            assertEquals("200", status("-H", "Authorization: Bearer " + TOKEN, "--data-binary", "{\"host\":\"t1\",\"msg\":\"with the token\"}", ingest));
            assertEquals("200", status("-u", "filebeat:" + TOKEN, "--data-binary", "{\"host\":\"t1\",\"msg\":\"basic auth\"}", ingest));
            assertEquals("200", status(logqd.url() + "/healthz"));
            assertEquals("200", status(logqd.url() + "/metrics"));

            Run refused = logq(logqd, Map.of(), "--since", "5m", "-H", "t1", "token");
            assertEquals(2, refused.exit(), refused.toString());
            assertTrue(refused.err().contains("refused access") && refused.err().contains("LOGQ_TOKEN"), refused.err());

            Run found = null;
            for (int i = 0; i < 50; i++) {
                found = logq(logqd, Map.of("LOGQ_TOKEN", TOKEN), "--since", "5m", "-H", "t1", "-o", "raw", "-e", "with the token");
                if (found.exit() == 0) {
                    break;
                }
                LogqdProcess.sleep(100);
            }
            assertEquals(0, found.exit(), found.toString());
            assertEquals(List.of("with the token"), found.lines());
        }
    }
}
