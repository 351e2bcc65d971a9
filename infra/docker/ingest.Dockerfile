# syntax=docker/dockerfile:1
# Ingest (venue WebSockets -> Kafka). Build from the repository root:
#   docker build -f infra/docker/ingest.Dockerfile -t deepalpha/ingest:<version> .
# Runs as uid 10001 on a read-only root file system. `run` writes nothing but /tmp and serves
# /metrics, /health and /ready on port 9400; `cdc` (config CDC) keeps its offsets
# in /var/lib/deepalpha/cdc (a volume: created here owned by 10001, so a fresh Docker named volume
# takes that owner) and serves the same endpoints on 9401.
ARG MAVEN_IMAGE=maven:3.9.9-eclipse-temurin-17
ARG JRE_IMAGE=eclipse-temurin:17.0.13_11-jre-jammy

FROM ${MAVEN_IMAGE} AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl ingest -am -Dmaven.test.skip=true -Dspotless.check.skip=true \
        package dependency:copy-dependencies -DincludeScope=runtime \
 && mkdir -p /out/lib \
 && cp ingest/target/dependency/*.jar /out/lib/ \
 && cp ingest/target/deepalpha-ingest-*.jar /out/lib/

FROM ${JRE_IMAGE}
RUN groupadd --system --gid 10001 deepalpha \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin deepalpha \
 && mkdir -p /var/lib/deepalpha/cdc \
 && chown -R 10001:10001 /var/lib/deepalpha
COPY --from=build /out/lib/ /opt/deepalpha/lib/
COPY configs/ /opt/deepalpha/configs/
COPY --chmod=755 infra/docker/healthcheck.sh /usr/local/bin/deepalpha-healthcheck
# The CLI reads configs/instruments.yaml relative to the working directory.
WORKDIR /opt/deepalpha
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError"
USER 10001:10001
EXPOSE 9400 9401
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["/usr/local/bin/deepalpha-healthcheck", "9400", "/health"]
ENTRYPOINT ["java", "-cp", "/opt/deepalpha/lib/*", "io.deepalpha.ingest.cli.IngestCli"]
CMD ["--help"]
