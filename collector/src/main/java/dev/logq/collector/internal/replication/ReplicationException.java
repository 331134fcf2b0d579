package dev.logq.collector.internal.replication;

import io.netty.handler.codec.DecoderException;

/** A frame or a handshake that breaks the protocol: the connection ends with one log line. */
final class ReplicationException extends DecoderException {
    ReplicationException(String message) {
        super(message);
    }
}
