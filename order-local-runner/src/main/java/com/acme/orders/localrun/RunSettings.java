package com.acme.orders.localrun;

import java.nio.file.Path;
import java.util.Map;

/**
 * Ports, URLs and folders of the local run. Every value can be overridden by the environment variable the
 * apps themselves read, except the two HTTP ports, which need distinct names here.
 *
 * @param home           the checkout, where each module's {@code target/<module>.jar} is
 * @param inventoryPort  {@code INVENTORY_HTTP_PORT}, 8084: the inventory service's admin API
 * @param paymentPort    {@code PAYMENT_HTTP_PORT}, 8085: the payment service's admin API
 * @param inventoryDbUrl {@code INVENTORY_DB_URL}; null: database {@code inventory} on the write model's server
 * @param paymentDbUrl   {@code PAYMENT_DB_URL}; null: database {@code payments} on the write model's server
 */
public record RunSettings(Path home, int kafkaPort, int kafkaControllerPort, Path kafkaDataDir, int commandPort, int queryPort,
                   int adminPort, String writeDbUrl, String readDbUrl, String dbUser, String dbPassword,
                   String javaOptions, Path logDir, int inventoryPort, int paymentPort, String inventoryDbUrl,
                   String paymentDbUrl) {

    public static final int DEFAULT_INVENTORY_PORT = 8084;
    public static final int DEFAULT_PAYMENT_PORT = 8085;

    /** A run whose participants, if started, listen on their default ports over databases beside the write model's. */
    public RunSettings(Path home, int kafkaPort, int kafkaControllerPort, Path kafkaDataDir, int commandPort,
                       int queryPort, int adminPort, String writeDbUrl, String readDbUrl, String dbUser,
                       String dbPassword, String javaOptions, Path logDir) {
        this(home, kafkaPort, kafkaControllerPort, kafkaDataDir, commandPort, queryPort, adminPort, writeDbUrl,
                readDbUrl, dbUser, dbPassword, javaOptions, logDir, DEFAULT_INVENTORY_PORT, DEFAULT_PAYMENT_PORT,
                null, null);
    }

    /** Each app's heap in the local run, and the one its memory limit in {@code make bench} is set at. */
    public static final int DEFAULT_HEAP_MB = 64;

    /**
     * Small, fixed memory for each app: a serial collector (the apps do little but I/O and their live data is a
     * few MB), a {@value #DEFAULT_HEAP_MB} MB heap, half-size thread stacks, capped code cache and metaspace, and
     * freed native memory handed back to the OS every 5 s (glibc keeps it otherwise). Measured under load by
     * {@code make bench}; see BENCHMARKS.md.
     */
    public static final String DEFAULT_JAVA_OPTIONS = "-XX:+UseSerialGC -Xms32m -Xmx" + DEFAULT_HEAP_MB + "m -Xss512k"
            + " -XX:ReservedCodeCacheSize=48m -XX:MaxMetaspaceSize=128m -XX:TrimNativeHeapInterval=5000"
            + " -XX:+ExitOnOutOfMemoryError";

    public static RunSettings fromEnv(Map<String, String> env) {
        return new RunSettings(
                Path.of(env.getOrDefault("ORDERS_HOME", ".")),
                integer(env, "KAFKA_PORT", 9092),
                integer(env, "KAFKA_CONTROLLER_PORT", 9093),
                Path.of(env.getOrDefault("KAFKA_DATA_DIR", ".local/kafka")),
                integer(env, "COMMAND_HTTP_PORT", 8081),
                integer(env, "QUERY_HTTP_PORT", 8082),
                integer(env, "ADMIN_PORT", 8083),
                env.getOrDefault("WRITE_DB_URL", "jdbc:postgresql://localhost:5432/orders_write"),
                env.getOrDefault("READ_DB_URL", "jdbc:postgresql://localhost:5432/orders_read"),
                env.getOrDefault("DB_USER", "postgres"),
                env.getOrDefault("DB_PASSWORD", ""),
                env.getOrDefault("APP_JAVA_OPTS", DEFAULT_JAVA_OPTIONS),
                Path.of(env.getOrDefault("LOG_DIR", ".local/logs")),
                integer(env, "INVENTORY_HTTP_PORT", DEFAULT_INVENTORY_PORT),
                integer(env, "PAYMENT_HTTP_PORT", DEFAULT_PAYMENT_PORT),
                blankToNull(env.get("INVENTORY_DB_URL")),
                blankToNull(env.get("PAYMENT_DB_URL")));
    }

    /** The same run with the apps pointed at another PostgreSQL server. */
    public RunSettings withDatabase(String writeDbUrl, String readDbUrl, String dbUser, String dbPassword) {
        return new RunSettings(home, kafkaPort, kafkaControllerPort, kafkaDataDir, commandPort, queryPort, adminPort,
                writeDbUrl, readDbUrl, dbUser, dbPassword, javaOptions, logDir, inventoryPort, paymentPort,
                inventoryDbUrl, paymentDbUrl);
    }

    /** The inventory service's database: {@code INVENTORY_DB_URL}, or {@code inventory} on the write model's server. */
    @Override
    public String inventoryDbUrl() {
        return inventoryDbUrl != null ? inventoryDbUrl : onWriteServer("inventory");
    }

    /** The payment service's database: {@code PAYMENT_DB_URL}, or {@code payments} on the write model's server. */
    @Override
    public String paymentDbUrl() {
        return paymentDbUrl != null ? paymentDbUrl : onWriteServer("payments");
    }

    public String inventoryUrl() {
        return "http://localhost:" + inventoryPort;
    }

    public String paymentUrl() {
        return "http://localhost:" + paymentPort;
    }

    /** {@code database} on the server of the write model's URL, with the same parameters. */
    private String onWriteServer(String database) {
        return writeDbUrl.replaceFirst("^(jdbc:postgresql://[^/]*/)[^?]*", "$1" + database);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String commandUrl() {
        return "http://localhost:" + commandPort;
    }

    public String queryUrl() {
        return "http://localhost:" + queryPort;
    }

    public String adminUrl() {
        return "http://localhost:" + adminPort;
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        try {
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, was '" + value + "'");
        }
    }

    /** Where the apps' class-data archives live: beside the log folder ({@code .local/cds} for {@code make run}). */
    public Path classDataDir() {
        return logDir.toAbsolutePath().getParent().resolve("cds");
    }
}
