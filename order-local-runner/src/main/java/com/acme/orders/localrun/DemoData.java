package com.acme.orders.localrun;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.Topics;
import com.acme.orders.events.UserRegistered;
import com.acme.orders.events.UserUpdated;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Something to look at: eight users on {@code user-events}, 300 orders through the command API moved to
 * every status (some deleted), then a ninth user who registers after their orders exist and one user who
 * renames, so the late fill-in and the rewrite can be seen in the query API. When the saga participants run,
 * first a product with two units in stock, three orders of one unit each and one order above the payment limit
 * ({@link ParticipantsDemo}); at the end, what the inventory and payment services hold for them.
 * <p>
 * With sagas on (the command app answers {@code GET /orders/{id}/saga}), the sagas decide: the demo waits for
 * each saga order's outcome and prints it as the APIs show it (status and {@code cancellationReason} from the
 * query API, the saga's steps from the command API), and the 300 orders are confirmed by their sagas before the
 * demo PUTs PROCESSING, SHIPPED, DELIVERED ({@link SagaDemo}). With sagas off it confirms by PUT, as before.
 */
final class DemoData {

    private static final String[] NAMES = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan"};
    private static final List<List<String>> LIVES = List.of(List.of(), List.of("CONFIRMED"),
            List.of("CONFIRMED", "PROCESSING"), List.of("CONFIRMED", "PROCESSING", "SHIPPED"),
            List.of("CONFIRMED", "PROCESSING", "SHIPPED", "DELIVERED"), List.of("CANCELLED"));
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");

    private DemoData() {
    }

    static void seed(RunSettings settings, PrintStream out) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        EventCodec codec = new EventCodec();
        Random random = new Random(42);
        try (KafkaProducer<String, byte[]> users = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int user = 1; user <= 8; user++) {
                publish(users, user, codec.encode(new UserRegistered(UUID.randomUUID(), Instant.now(), user,
                        NAMES[user - 1], NAMES[user - 1] + "@example.com")));
            }
            out.println("demo: registered users 1-8 on " + Topics.USER_EVENTS);
            ParticipantsDemo participants = new ParticipantsDemo(http, settings,
                    Optional.ofNullable(System.getenv("ADMIN_API_TOKEN")));
            SagaDemo sagas = new SagaDemo(http, settings);
            List<Long> sagaOrders = new ArrayList<>();
            boolean withParticipants = participants.running();
            if (withParticipants) {
                out.println("demo: stock set " + participants.setScarceStock());
                for (int i = 1; i <= ParticipantsDemo.SCARCE_ORDERS; i++) {
                    sagaOrders.add(id(send(http, "POST", settings.commandUrl() + "/orders",
                            ParticipantsDemo.scarceOrder(i))));
                }
                sagaOrders.add(id(send(http, "POST", settings.commandUrl() + "/orders",
                        ParticipantsDemo.overLimitOrder(4))));
                out.println("demo: orders " + sagaOrders.subList(0, ParticipantsDemo.SCARCE_ORDERS) + " take one "
                        + ParticipantsDemo.SCARCE_PRODUCT + " each (" + ParticipantsDemo.SCARCE_UNITS + " in stock);"
                        + " order " + sagaOrders.get(ParticipantsDemo.SCARCE_ORDERS) + " costs "
                        + ParticipantsDemo.OVER_LIMIT_PRICE + " (PAYMENT_LIMIT default 10000.00)");
            } else {
                out.println("demo: the inventory and payment services do not answer on " + settings.inventoryUrl()
                        + " / " + settings.paymentUrl() + "; no stock set");
            }
            Boolean sagasOn = sagaOrders.isEmpty() ? null : sagas.enabled(sagaOrders.get(0));
            if (Boolean.TRUE.equals(sagasOn)) {
                showSagaOutcomes(sagas, sagaOrders, http, settings, out);
            } else if (Boolean.FALSE.equals(sagasOn)) {
                out.println("demo: the command app runs with SAGAS_ENABLED=false: orders stay PENDING until a PUT;"
                        + " the demo confirms them by hand");
            }
            String token = null;
            List<Planned> awaitingSagas = new ArrayList<>();
            for (int i = 1; i <= 300; i++) {
                int user = 1 + random.nextInt(9);
                String response = send(http, "POST", settings.commandUrl() + "/orders", order(user, random));
                long id = id(response);
                if (sagasOn == null) {
                    sagasOn = sagas.enabled(id);
                    out.println("demo: sagas are " + (sagasOn ? "on: each order's saga confirms it"
                            : "off (SAGAS_ENABLED=false): the demo confirms orders by PUT"));
                }
                token = id + ":1";
                Planned planned = new Planned(id, LIVES.get(random.nextInt(LIVES.size())), i % 20 == 0);
                if (SagaDemo.waitsForItsSaga(planned.life(), sagasOn)) {
                    awaitingSagas.add(planned);
                } else {
                    token = walk(http, settings, planned, sagasOn, token);
                }
                if (i % 100 == 0) {
                    out.println("demo: " + i + " orders");
                }
            }
            if (!awaitingSagas.isEmpty()) {
                int confirmed = 0;
                List<Long> notConfirmed = new ArrayList<>();
                for (Planned planned : awaitingSagas) {
                    if (sagas.awaitSettled(planned.id(), Duration.ofSeconds(60)) == SagaDemo.Outcome.CONFIRMED) {
                        confirmed++;
                        token = walk(http, settings, planned, true, token);
                    } else {
                        notConfirmed.add(planned.id());
                    }
                }
                out.println("demo: " + confirmed + " orders CONFIRMED by their sagas, then moved on by PUT"
                        + (notConfirmed.isEmpty() ? "" : "; not confirmed by their saga: " + notConfirmed));
            }
            publish(users, 9, codec.encode(new UserRegistered(UUID.randomUUID(), Instant.now(), 9, "ivan",
                    "ivan@example.com")));
            publish(users, 1, codec.encode(new UserUpdated(UUID.randomUUID(), Instant.now(), 1, "alice.smith",
                    "alice.smith@example.com")));
            out.println("demo: user 9 (ivan) registered after his orders; user 1 renamed to alice.smith");
            HttpResponse<String> statistics = http.send(HttpRequest.newBuilder(URI.create(settings.queryUrl()
                            + "/orders/statistics")).header("Consistency-Token", token).build(),
                    HttpResponse.BodyHandlers.ofString());
            out.println("demo: done. " + settings.queryUrl() + "/orders/statistics -> " + statistics.body());
            out.println("demo: try " + settings.queryUrl() + "/orders/search/username?username=ali and "
                    + settings.queryUrl() + "/orders/user/9");
            if (withParticipants) {
                out.println("demo: what the saga participants hold for orders " + sagaOrders + ":");
                for (String line : participants.state(sagaOrders)) {
                    out.println("demo:   " + line);
                }
            }
        }
    }

    /** One of the 300 orders: the statuses it goes through and whether it is deleted at the end. */
    private record Planned(long id, List<String> life, boolean delete) {
    }

    /** PUTs the statuses of the order's life that are a client's (see {@link SagaDemo#statusesToPut}), then deletes. */
    private static String walk(HttpClient http, RunSettings settings, Planned planned, boolean sagas, String token)
            throws IOException, InterruptedException {
        String last = token;
        for (String status : SagaDemo.statusesToPut(planned.life(), sagas)) {
            String body = send(http, "PUT", settings.commandUrl() + "/orders/" + planned.id() + "/status",
                    "{\"status\": \"" + status + "\"}");
            last = planned.id() + ":" + version(body);
        }
        if (planned.delete()) {
            String deleted = send(http, "DELETE", settings.commandUrl() + "/orders/" + planned.id(), null);
            last = deleted == null ? last : planned.id() + ":" + version(deleted);
        }
        return last;
    }

    /**
     * The saga orders' fate as the APIs show it: the scarce product's orders confirmed until the stock runs out,
     * the rest cancelled for stock, the order over the payment limit cancelled for payment; then the first
     * confirmed one is walked on to DELIVERED by PUT.
     */
    private static void showSagaOutcomes(SagaDemo sagas, List<Long> orders, HttpClient http, RunSettings settings,
                                         PrintStream out) throws IOException, InterruptedException {
        List<Long> confirmed = new ArrayList<>();
        for (long id : orders) {
            SagaDemo.Outcome outcome = sagas.awaitSettled(id, Duration.ofSeconds(90));
            if (outcome == SagaDemo.Outcome.RUNNING) {
                out.println("demo: order " + id + " still in its saga after 90 s; " + sagas.sagaLine(id));
                continue;
            }
            String status = outcome == SagaDemo.Outcome.CONFIRMED ? "CONFIRMED" : "CANCELLED";
            var order = sagas.queryOrder(id, status);
            out.println("demo: order " + id + " " + status + " by its saga; query API cancellationReason="
                    + (order.path("cancellationReason").isNull() ? "null"
                    : "\"" + order.path("cancellationReason").asText() + "\""));
            out.println("demo:   " + sagas.sagaLine(id));
            if (outcome == SagaDemo.Outcome.CONFIRMED) {
                confirmed.add(id);
            }
        }
        if (!confirmed.isEmpty()) {
            long id = confirmed.get(0);
            walk(http, settings, new Planned(id, List.of("CONFIRMED", "PROCESSING", "SHIPPED", "DELIVERED"), false),
                    true, null);
            out.println("demo: order " + id + " moved on by PUT: PROCESSING, SHIPPED, DELIVERED -> query API status "
                    + sagas.queryOrder(id, "DELIVERED").path("status").asText());
        }
    }

    private static long version(String body) {
        Matcher matcher = VERSION.matcher(body);
        if (!matcher.find()) {
            throw new IllegalStateException("no version in " + body);
        }
        return Long.parseLong(matcher.group(1));
    }

    private static String order(int user, Random random) {
        StringBuilder items = new StringBuilder();
        int lines = 1 + random.nextInt(3);
        for (int line = 0; line < lines; line++) {
            items.append(line == 0 ? "" : ", ").append("""
                    {"productId": "SKU-%d", "quantity": %d, "unitPrice": %d.%02d}""".formatted(100 + random.nextInt(50),
                    1 + random.nextInt(4), 1 + random.nextInt(200), random.nextInt(100)));
        }
        return """
                {"userId": %d, "items": [%s], "shippingAddress": "%d Demo Street", "notes": "demo order"}"""
                .formatted(user, items, 1 + random.nextInt(99));
    }

    private static String send(HttpClient http, String method, String url, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        request = json == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            return method.equals("DELETE") && response.statusCode() == 409 ? null : fail(method, url, response);
        }
        return response.body();
    }

    private static String fail(String method, String url, HttpResponse<String> response) {
        throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
    }

    private static long id(String body) {
        Matcher matcher = ID.matcher(body);
        if (!matcher.find()) {
            throw new IllegalStateException("no id in " + body);
        }
        return Long.parseLong(matcher.group(1));
    }

    private static void publish(KafkaProducer<String, byte[]> producer, long userId, byte[] event)
            throws InterruptedException, ExecutionException {
        producer.send(new ProducerRecord<>(Topics.USER_EVENTS, Long.toString(userId), event)).get();
    }
}
