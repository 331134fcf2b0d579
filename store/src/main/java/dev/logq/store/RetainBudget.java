package dev.logq.store;

import dev.logq.store.internal.journal.DurableFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The size budget of {@link StoreConfig#RETAIN_HALF_THE_DISK}: half the data disk's size, chosen the first
 * time the store opens and recorded in {@code DATA/retain-bytes} ({@code bytes=N}), so that it stays the same when the disk
 * fills with other files or grows. A budget given as a number is used as it is.
 */
final class RetainBudget {

    private static final Logger LOG = LoggerFactory.getLogger(RetainBudget.class);
    static final String FILE = "retain-bytes";

    private RetainBudget() {}

    static long resolve(Path data, long configured) throws IOException {
        if (configured != StoreConfig.RETAIN_HALF_THE_DISK) {
            if (configured > 0) {
                LOG.info("retention: the journal and index keep at most {} (--retain-bytes)", mib(configured));
            }
            return configured;
        }
        DurableFile file = new DurableFile(data.resolve(FILE));
        String text = file.read().get("bytes");
        if (text != null) {
            try {
                long bytes = Long.parseLong(text);
                LOG.info("retention: the journal and index keep at most {}, half the data disk when this store was made "
                        + "(--retain-bytes sets another)", mib(bytes));
                return bytes;
            } catch (NumberFormatException e) {
                throw new IOException(data.resolve(FILE) + " holds '" + text + "', not a number of bytes (delete it, or set --retain-bytes)");
            }
        }
        long bytes = Math.max(StoreConfig.MIN_RETAIN_BYTES, Files.getFileStore(data).getTotalSpace() / 2);
        file.write(Map.of("bytes", Long.toString(bytes)));
        LOG.info("retention: the journal and index keep at most {}, half of the data disk, chosen now and kept in {} "
                + "(--retain-bytes sets another)", mib(bytes), data.resolve(FILE));
        return bytes;
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
