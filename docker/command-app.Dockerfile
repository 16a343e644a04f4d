# syntax=docker/dockerfile:1
# The command API and the outbox relay.
#   docker build -f docker/command-app.Dockerfile -t order-service/command-app .
# Stage 1 builds the module and what it depends on; stage 2 runs it on a JRE as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn -q -pl order-command-app -am -DskipTests package

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app app
WORKDIR /app
COPY --from=build /src/order-command-app/target/lib/ lib/
COPY --from=build /src/order-command-app/target/order-command-app.jar order-command-app.jar
USER app
ENV HTTP_PORT=8081 \
    MALLOC_ARENA_MAX=2 \
    JAVA_OPTS="-XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Xss512k -XX:ReservedCodeCacheSize=48m -XX:MaxMetaspaceSize=128m -XX:+ExitOnOutOfMemoryError"
EXPOSE 8081
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS "http://localhost:${HTTP_PORT}/ready" > /dev/null || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar order-command-app.jar \"$@\"", "--"]
