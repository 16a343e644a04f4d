package com.acme.orders.testkit;

import com.acme.orders.localkafka.LocalKafkaBroker;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension that hands a {@link LocalKafkaBroker} to any test or lifecycle method asking for one. The
 * broker is started once per test JVM (it takes ~2 s) and stopped when the JVM's tests are done. Tests that
 * share it keep apart by using their own topics or consumer groups, or by reading only what they wrote.
 *
 * <pre>{@code
 * @ExtendWith(SharedKafka.class)
 * class SomeTest {
 *     @BeforeAll static void setUp(LocalKafkaBroker kafka) { ... }
 * }
 * }</pre>
 */
public final class SharedKafka implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedKafka.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("broker", key -> new Running(KafkaBrokers.startDedicated("shared")), Running.class)
                .broker();
    }

    /** Closed by JUnit when the root context ends, i.e. after the JVM's last test. */
    private record Running(LocalKafkaBroker broker) implements AutoCloseable {

        @Override
        public void close() {
            broker.close();
        }
    }
}
