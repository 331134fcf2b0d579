package dev.logq.store.model;

/**
 * What retention deleted since the store opened, by the limit that deleted it, for {@code /metrics}.
 *
 * @param budgetBytes how many bytes the journal and index may hold together, 0 for no size limit
 */
public record RetentionTotals(
        long budgetBytes,
        long partitionsByAge,
        long partitionsBySize,
        long cyclesByAge,
        long cyclesBySize,
        long bytesByAge,
        long bytesBySize) {}
