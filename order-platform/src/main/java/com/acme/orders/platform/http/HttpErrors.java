package com.acme.orders.platform.http;

import com.acme.orders.platform.db.Postgres;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.UUID;

/**
 * Turns every error into its problem document: the named ones through {@link ProblemType} (bad input is a 400
 * listing the fields; an app throws {@link ProblemException} or maps its own exceptions to a type), routing
 * and protocol errors keep their status (also those the server refuses before the app sees them, see
 * {@link #refused}), a body that breaks off while being read is a 400, an unreachable database is a 503 with
 * {@code Retry-After}, and anything else is a 500 with a reference to the log line, never a stack trace.
 */
public final class HttpErrors {

    private static final Logger log = LoggerFactory.getLogger(HttpErrors.class);
    private static final String RETRY_AFTER_SECONDS = "5";
    private static final int MAX_REFUSAL_DETAIL = 200;
    private static final String UNREADABLE_BODY = "the request body could not be read: it ended before its"
            + " Content-Length or last chunk, or a chunk was malformed";

    private final ObjectMapper mapper;

    public HttpErrors(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void install(JavalinConfig config) {
        config.routes.exception(BadRequest.class, (e, ctx) -> send(ctx, Problem.invalid(e.errors())));
        config.routes.exception(ProblemException.class, (e, ctx) -> {
            e.retryAfter().ifPresent(seconds -> ctx.header("Retry-After", seconds));
            send(ctx, e.problem());
        });
        config.routes.exception(HttpResponseException.class, (e, ctx) -> send(ctx, fromJavalin(e)));
        config.routes.exception(Exception.class, (e, ctx) -> {
            if (Postgres.isUnavailable(e)) {
                log.warn("database unavailable method={} path={}: {}", ctx.method(), ctx.path(), rootMessage(e));
                ctx.header("Retry-After", RETRY_AFTER_SECONDS);
                // Reachable but no connection came free in time (a pool at its bound) is busy, not unreachable.
                send(ctx, Problem.ofStatus(503, "Service Unavailable", (Postgres.isConnectFailure(e)
                        ? "the database is unreachable" : "the database is busy") + "; retry in " + RETRY_AFTER_SECONDS
                        + " s"));
                return;
            }
            Optional<Problem> unreadable = unreadableRequest(e);
            if (unreadable.isPresent()) {
                send(ctx, unreadable.get());
                return;
            }
            String reference = UUID.randomUUID().toString();
            log.error("unexpected failure reference={} method={} path={}", reference, ctx.method(), ctx.path(), e);
            send(ctx, Problem.ofStatus(500, "Internal Server Error", "unexpected error; reference " + reference));
        });
    }

    /** Ends the request with {@code problem}. */
    public void send(Context ctx, Problem problem) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(problem.at(ctx.path()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem document", e);
        }
        ctx.status(problem.status()).contentType(Problem.MEDIA_TYPE).result(body);
    }

    /**
     * What a request refused by the server itself (before the app saw it) is answered with. It never names a
     * cause or a stack, and echoes no more of the request than the server's short reason for a client error.
     */
    static Problem refused(int status, String reason) {
        String title = org.eclipse.jetty.http.HttpStatus.getMessage(status);
        // A server error's message may describe internals; a client error's is Jetty's short reason for refusing.
        String detail = !org.eclipse.jetty.http.HttpStatus.isClientError(status) || reason == null || reason.isBlank()
                || reason.equals(title) ? null
                : reason.length() > MAX_REFUSAL_DETAIL ? reason.substring(0, MAX_REFUSAL_DETAIL) + "…" : reason;
        return Problem.ofStatus(status, title, detail);
    }

    private static Problem fromJavalin(HttpResponseException e) {
        HttpStatus status = HttpStatus.forStatus(e.getStatus());
        String title = status == HttpStatus.UNKNOWN ? "Error" : status.getMessage();
        String detail = e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().equals(title)
                ? null : e.getMessage();
        if (e.getStatus() == 413) {
            detail = "the body is larger than the accepted maximum";
        }
        return Problem.ofStatus(e.getStatus(), title, detail);
    }

    /**
     * A request that broke while the app read it, which is the client's doing: a body shorter than its
     * {@code Content-Length} or without its last chunk, or a malformed chunk. Jetty reports these from the
     * body read as an exception carrying a 4xx status, or as its own end-of-input exception.
     */
    private static Optional<Problem> unreadableRequest(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof org.eclipse.jetty.http.HttpException http && http.getCode() >= 400
                    && http.getCode() < 500) {
                HttpStatus status = HttpStatus.forStatus(http.getCode());
                return Optional.of(Problem.ofStatus(http.getCode(),
                        status == HttpStatus.UNKNOWN ? "Bad Request" : status.getMessage(),
                        http.getCode() == 400 ? UNREADABLE_BODY : http.getReason()));
            }
            if (cause instanceof EofException) {
                return Optional.of(Problem.ofStatus(400, "Bad Request", UNREADABLE_BODY));
            }
        }
        return Optional.empty();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
