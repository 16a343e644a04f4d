# The two commands a newcomer needs: `make run` (the whole system on this machine) and `make test`.
# Everything else is plain Maven; see README.md.

# Maven from PATH when there is one (CI and `mvn verify` use the same), otherwise the project's wrapper, which
# downloads the Maven version pinned in .mvn/wrapper/maven-wrapper.properties once into ~/.m2/wrapper.
MVN    ?= $(if $(shell command -v mvn 2>/dev/null),mvn,./mvnw)
JAVA   ?= java
STAMP  := .local/build.stamp
# Everything that goes into the jars; `make run` rebuilds only when one of these changed.
SOURCES := $(shell find . -path ./.local -prune -o -path '*/target' -prune -o \
             \( -name '*.java' -o -name '*.sql' -o -name 'pom.xml' -o -name '*.properties' -o -name '*.json' \) -print)

.PHONY: run demo test build bench bench-quick clean

run: $(STAMP)
	$(JAVA) -jar order-local-runner/target/order-local-runner.jar

demo: $(STAMP)
	$(JAVA) -jar order-local-runner/target/order-local-runner.jar demo

test:
	$(MVN) verify

# Every hot path next to the machine's limit (pgbench) in one table; ~10 minutes. See BENCHMARKS.md.
bench: $(STAMP)
	$(JAVA) -jar order-bench/target/order-bench.jar

bench-quick: $(STAMP)
	$(JAVA) -jar order-bench/target/order-bench.jar --quick

build: $(STAMP)

$(STAMP): $(SOURCES)
	$(MVN) -q package -DskipTests
	@mkdir -p .local && touch $(STAMP)

clean:
	$(MVN) -q clean
	rm -rf .local
