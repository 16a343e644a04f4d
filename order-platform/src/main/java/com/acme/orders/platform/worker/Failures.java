package com.acme.orders.platform.worker;

import com.acme.orders.platform.db.Postgres;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ladder of fatal versus retriable failures, as in Kafka's own examples: what an operator must fix (a
 * credential, a permission, a topic the broker refuses to create, a broker too old) stops the worker, because
 * retrying it only hides it; what heals by itself (a broker or database that is down, a timeout, a rebalance)
 * is retried with backoff. Causes are searched, because clients wrap the interesting part.
 */
public final class Failures {

    /** Kafka's refusals that no retry changes. */
    private static final List<Class<? extends Throwable>> FATAL_KAFKA = List.of(
            AuthenticationException.class,          // wrong credentials
            AuthorizationException.class,           // topic, group, cluster or transactional id not allowed
            UnsupportedVersionException.class,      // the broker is older than this client needs
            FencedInstanceIdException.class,        // another process runs with our group.instance.id
            InvalidTopicException.class,            // a topic name the broker refuses
            PolicyViolationException.class,         // topic creation refused by the broker's policy
            InvalidReplicationFactorException.class, // more replicas asked for than there are brokers
            InvalidPartitionsException.class,
            InvalidConfigurationException.class,
            ConfigException.class);                 // our own client configuration is wrong

    /**
     * PostgreSQL: insufficient privilege (and, below, the whole class 28, invalid authorization). A database that
     * does not exist is not here: the apps create it at start, and it may be dropped and recreated meanwhile.
     */
    private static final Set<String> FATAL_SQL_STATES = Set.of("42501");

    private Failures() {
    }

    /** How a worker treats one failure. */
    public enum Kind {
        /** Stop the worker (and the process): retrying cannot help and would only hide it. */
        FATAL,
        /** PostgreSQL or Kafka is unreachable, slow or rebalancing: back off and try again. */
        RETRIABLE,
        /** Anything else: presumably a defect; retried, but its stack trace is logged once. */
        UNEXPECTED
    }

    public static Kind classify(Throwable failure) {
        if (fatalCause(failure).isPresent()) {
            return Kind.FATAL;
        }
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause instanceof KafkaException || cause instanceof SQLException
                    || cause instanceof org.jdbi.v3.core.JdbiException || cause instanceof java.io.IOException) {
                return Kind.RETRIABLE;
            }
        }
        return Postgres.isUnavailable(failure) ? Kind.RETRIABLE : Kind.UNEXPECTED;
    }

    /** The cause that makes {@code failure} fatal, if any. */
    public static Optional<Throwable> fatalCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            for (Class<? extends Throwable> fatal : FATAL_KAFKA) {
                if (fatal.isInstance(cause)) {
                    return Optional.of(cause);
                }
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("28") || FATAL_SQL_STATES.contains(sql.getSQLState()))) {
                return Optional.of(cause);
            }
        }
        return Optional.empty();
    }

    /** The failure and its causes on one line: clients wrap the interesting part. */
    public static String describe(Throwable failure) {
        StringBuilder line = new StringBuilder(failure.toString());
        for (Throwable cause = next(failure); cause != null; cause = next(cause)) {
            String text = cause.toString();
            if (line.indexOf(text) < 0) { // a wrapper often repeats its cause's message
                line.append(" <- ").append(text);
            }
        }
        return line.toString();
    }

    private static Throwable next(Throwable cause) {
        Throwable next = cause.getCause();
        return next == cause ? null : next;
    }
}
