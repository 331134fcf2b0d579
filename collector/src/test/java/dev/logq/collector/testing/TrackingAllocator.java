package dev.logq.collector.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * An allocator that remembers every buffer it hands out, the test's and the decoder's cumulation
 * buffers alike, so a test can assert that each one was released. Deterministic, unlike waiting for
 * the leak detector to notice a collected buffer.
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {

    private final UnpooledByteBufAllocator delegate = new UnpooledByteBufAllocator(true, true);
    private final List<ByteBuf> allocated = new ArrayList<>();

    public TrackingAllocator() {
        super(true);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(delegate.heapBuffer(initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return track(delegate.directBuffer(initialCapacity, maxCapacity));
    }

    private ByteBuf track(ByteBuf buf) {
        allocated.add(buf);
        return buf;
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    /** A direct buffer holding {@code bytes}, as a socket read would deliver it. */
    public ByteBuf direct(byte[] bytes) {
        return directBuffer(Math.max(bytes.length, 1)).writeBytes(bytes);
    }

    public ByteBuf heap(byte[] bytes) {
        return heapBuffer(Math.max(bytes.length, 1)).writeBytes(bytes);
    }

    public int count() {
        return allocated.size();
    }

    public void assertAllReleased() {
        for (int i = 0; i < allocated.size(); i++) {
            assertEquals(0, allocated.get(i).refCnt(), "buffer " + i + " of " + allocated.size() + " was not released");
        }
    }
}
