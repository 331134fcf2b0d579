package dev.logq.collector.internal.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TlsTest {

    @Test
    void permittedPeerPatternsMatchWholeNamesOrOneWildcardLabel() {
        assertTrue(Tls.matches("client1.example.org", "CLIENT1.example.org"));
        assertTrue(Tls.matches("*.example.org", "web1.example.org"));
        assertFalse(Tls.matches("*.example.org", "a.b.example.org"), "the wildcard is one label");
        assertFalse(Tls.matches("*.example.org", "example.org"));
        assertFalse(Tls.matches("*.example.org", "evilexample.org"));
        assertFalse(Tls.matches("client1.example.org", "client1.example.org.evil.net"));
    }
}
