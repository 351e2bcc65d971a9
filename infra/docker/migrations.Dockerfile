# syntax=docker/dockerfile:1
# One-shot PostgreSQL schema migrations (Flyway, module sinks): tables, partitions, the
# Debezium publication. Build from the repository root:
#   docker build -f infra/docker/migrations.Dockerfile -t deepalpha/migrations:<version> .
# Runs `Migrations migrate` and exits; the password comes from POSTGRES_PASSWORD_FILE.
ARG MAVEN_IMAGE=maven:3.9.9-eclipse-temurin-17
ARG JRE_IMAGE=eclipse-temurin:17.0.13_11-jre-jammy

FROM ${MAVEN_IMAGE} AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl sinks -am -Dmaven.test.skip=true -Dspotless.check.skip=true \
        package dependency:copy-dependencies -DincludeScope=runtime \
 && mkdir -p /out/lib \
 && cp sinks/target/dependency/*.jar /out/lib/ \
 && cp sinks/target/deepalpha-sinks-*.jar /out/lib/

FROM ${JRE_IMAGE}
RUN groupadd --system --gid 10001 deepalpha \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin deepalpha
COPY --from=build /out/lib/ /opt/deepalpha/lib/
WORKDIR /opt/deepalpha
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=70"
USER 10001:10001
# A one-shot job: "healthy" means the JVM is there; success is its exit code.
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD ["java", "-version"]
ENTRYPOINT ["java", "-cp", "/opt/deepalpha/lib/*", "io.deepalpha.sinks.postgres.migration.Migrations"]
CMD ["migrate"]
