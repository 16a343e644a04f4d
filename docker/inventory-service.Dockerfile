# syntax=docker/dockerfile:1
# The inventory service: reference saga participant (stock, reservations) with its admin API.
#   docker build -f docker/inventory-service.Dockerfile -t order-service/inventory-service .
# Stage 1 builds the module and what it depends on; stage 2 runs it on a JRE as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn -q -pl inventory-service -am -DskipTests package

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app app
WORKDIR /app
COPY --from=build /src/inventory-service/target/lib/ lib/
COPY --from=build /src/inventory-service/target/inventory-service.jar inventory-service.jar
USER app
ENV INVENTORY_HTTP_PORT=8084 \
    MALLOC_ARENA_MAX=2 \
    JAVA_OPTS="-XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Xss512k -XX:ReservedCodeCacheSize=48m -XX:MaxMetaspaceSize=128m -XX:+ExitOnOutOfMemoryError"
EXPOSE 8084
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS "http://localhost:${INVENTORY_HTTP_PORT}/ready" > /dev/null || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar inventory-service.jar \"$@\"", "--"]
