package dev.logq.cli;

import java.net.URI;

/**
 * Why one node gave no (or no complete) answer, and how to say so: as a warning when other nodes
 * answered, as the error when none did.
 *
 * <pre>
 * warning = "warning: node " NODE SP what " (" reason "); results may be incomplete"
 * error   = NODES SP what " (" reason ")" hint          ; unreachable: "cannot reach " NODES ...
 * </pre>
 *
 * @param reason short, lower-case cause: "connection refused", the node's own error message, ...
 */
record NodeFailure(URI node, Kind kind, String reason) {

    enum Kind {
        UNREACHABLE("did not answer", ": is logqd running? (see --node)"),
        UNKNOWN_HOST("did not answer", ": check the name (see --node)"),
        TLS("refused the TLS connection", ": check --cacert, and --cert and --key if the node asks for a client certificate"),
        REJECTED("rejected the query", ": check the pattern and options"),
        UNAUTHORIZED("refused access", ": set --token or LOGQ_TOKEN"),
        NOT_READY("is not ready", ": try again shortly (see /healthz on the node)"),
        NOT_FOUND("has no search API", ": is it a logqd node? (see --node)"),
        FAILED("failed", ""),
        CUT("stopped answering mid-stream", ": results are incomplete"),
        MALFORMED("sent a line that is not an event", ": is it a logqd node? (see --node)");

        final String what;
        final String hint;

        Kind(String what, String hint) {
            this.what = what;
            this.hint = hint;
        }
    }

    /** For a follower: the node is not given up, only named once until it answers again. */
    String retrying() {
        return "warning: node " + node + " " + kind.what + " (" + reason + "); trying again until it answers";
    }

    String warning() {
        return "warning: node " + node + " " + kind.what + " (" + reason + "); results may be incomplete";
    }

    /** The error line for this failure, naming {@code nodes} (this node, or all that failed alike). */
    String error(String nodes) {
        if (kind == Kind.UNREACHABLE || kind == Kind.UNKNOWN_HOST || kind == Kind.TLS) {
            return "cannot reach " + nodes + " (" + reason + ")" + kind.hint;
        }
        return nodes + " " + kind.what + " (" + reason + ")" + kind.hint;
    }

    /** A failure as an exception, to leave the code that reads a node. */
    static final class NodeException extends Exception {

        private final transient NodeFailure failure;

        NodeException(NodeFailure failure) {
            super(failure.warning(), null, false, false);
            this.failure = failure;
        }

        NodeFailure failure() {
            return failure;
        }
    }
}
