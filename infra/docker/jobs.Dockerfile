# syntax=docker/dockerfile:1
# Flink image with the DeepAlpha jobs: the official Flink image, the shaded jobs jar in
# /opt/flink/usrlib (application mode and the Flink Kubernetes Operator look there), the
# configuration defaults in /opt/deepalpha/configs. Build from the repository root:
#   docker build -f infra/docker/jobs.Dockerfile -t deepalpha/jobs:<version> .
# The same image runs the JobManager and the TaskManagers (session cluster on the c5n host).
ARG MAVEN_IMAGE=maven:3.9.9-eclipse-temurin-17
ARG FLINK_IMAGE=flink:2.2.0-scala_2.12-java17

FROM ${MAVEN_IMAGE} AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl jobs -am -Dmaven.test.skip=true -Dspotless.check.skip=true package \
 && mkdir -p /out \
 && cp jobs/target/deepalpha-jobs-*.jar /out/deepalpha-jobs.jar

FROM ${FLINK_IMAGE}
# The Prometheus reporter ships in the distribution's plugins/ folder; fail the build if a
# base image without it is used (the dashboards and alerts depend on it).
RUN test -n "$(ls /opt/flink/plugins/metrics-prometheus/flink-metrics-prometheus-*.jar)"
# The S3 file system (checkpoints and savepoints on object storage) is baked in: enabling it at
# start (ENABLE_BUILT_IN_PLUGINS) writes into plugins/, which a read-only root file system refuses.
# conf.dist keeps the image's configuration for flink-entrypoint.sh (conf/ may be an empty tmpfs).
RUN mkdir -p /opt/flink/plugins/s3-fs-presto \
 && cp /opt/flink/opt/flink-s3-fs-presto-*.jar /opt/flink/plugins/s3-fs-presto/ \
 && cp -a /opt/flink/conf /opt/flink/conf.dist
COPY --from=build --chown=flink:flink /out/deepalpha-jobs.jar /opt/flink/usrlib/deepalpha-jobs.jar
COPY --chown=flink:flink configs/ /opt/deepalpha/configs/
COPY --chmod=755 infra/docker/healthcheck.sh /usr/local/bin/deepalpha-healthcheck
COPY --chmod=755 infra/docker/flink-entrypoint.sh /usr/local/bin/deepalpha-flink-entrypoint
# The image's own "flink" user, by number so that Kubernetes can verify runAsNonRoot.
USER 9999:9999
# JobManager REST; TaskManagers override the check with the reporter's port (9249, /metrics).
EXPOSE 8081 6123 9249
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["/usr/local/bin/deepalpha-healthcheck", "8081", "/overview"]
ENTRYPOINT ["/usr/local/bin/deepalpha-flink-entrypoint"]
CMD ["help"]
