package com.acme.orders.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The share of the machine's CPU time the hypervisor gave to other guests ("steal" in {@code /proc/stat}) between
 * two readings: on a shared virtual machine a row's tail can be time this machine did not run at all, and the
 * rows name it so that such a run is not taken for the code's.
 */
final class StolenCpu {

    private final long steal;
    private final long total;

    private StolenCpu(long steal, long total) {
        this.steal = steal;
        this.total = total;
    }

    /** Now; zero when {@code /proc/stat} cannot be read (not Linux). */
    static StolenCpu now() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/stat")).get(0));
        } catch (IOException | RuntimeException e) {
            return new StolenCpu(0, 0);
        }
    }

    /** The {@code cpu} line: user nice system idle iowait irq softirq steal [guest guest_nice]. */
    static StolenCpu parse(String cpuLine) {
        long[] ticks = Arrays.stream(cpuLine.trim().split("\\s+")).skip(1).limit(8).mapToLong(Long::parseLong)
                .toArray();
        return new StolenCpu(ticks.length == 8 ? ticks[7] : 0, Arrays.stream(ticks).sum());
    }

    /** The percentage of the CPU time since {@code earlier} that was stolen. */
    double percentSince(StolenCpu earlier) {
        long elapsed = total - earlier.total;
        return elapsed <= 0 ? 0 : 100.0 * (steal - earlier.steal) / elapsed;
    }
}
