# syntax=docker/dockerfile:1
# The image of fairweather-monitor, which the release workflow publishes as
# ghcr.io/fairweather-ci/fairweather-monitor:<version>: the Helm chart's
# default image.repository, tagged with the chart's appVersion. Build it from
# the repository root:
#
#   docker build -t fairweather-monitor:0.1.0 .
#
# tests/delivery/image_test.cpp checks this file without building it: the
# runtime packages are those of the libraries the binaries link, and the
# entrypoint, user, port and state directory are what charts/fairweather
# expects.

FROM debian:12 AS build
# The build packages, from the list a developer's machine uses.
COPY scripts/setup-debian.sh /src/scripts/setup-debian.sh
RUN /src/scripts/setup-debian.sh --build-only
COPY . /src
RUN cmake -S /src -B /build -DCMAKE_BUILD_TYPE=Release \
      -DFAIRWEATHER_TESTS=OFF -DFAIRWEATHER_BENCH=OFF \
 && cmake --build /build -j"$(nproc)" \
 && DESTDIR=/out cmake --install /build --prefix /usr/local

FROM debian:12-slim
# The version the release workflow builds (--build-arg VERSION=...); the
# default is the project's version in CMakeLists.txt.
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="fairweather-monitor" \
      org.opencontainers.image.description="Watches CI weather, keeps deferred security releases until CI has recovered, and serves the weather to release gates and Prometheus" \
      org.opencontainers.image.source="https://github.com/fairweather-ci/fairweather" \
      org.opencontainers.image.url="https://github.com/fairweather-ci/fairweather" \
      org.opencontainers.image.documentation="https://github.com/fairweather-ci/fairweather/tree/main/charts/fairweather" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.base.name="docker.io/library/debian:12-slim"
# The packages of the shared libraries the two binaries link (each brings its
# own dependencies); the C and C++ runtimes are in the base image. Besides
# them, data the binaries read at run time, which no linker sees: the CA
# certificates for HTTPS, and the time zone database for [policy] time_zone
# (in debian:12-slim already, named so that it stays).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libcurl4 libpq5 libsimdjson14 libsqlite3-0 libtomlplusplus3 \
      ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/ /
# The state directory belongs to the image's user, and to group 0 with the
# same rights: OpenShift runs the container under an arbitrary user id in
# group 0.
RUN mkdir -p /var/lib/fairweather \
 && chown 65532:0 /var/lib/fairweather \
 && chmod g=u /var/lib/fairweather
USER 65532:65532
VOLUME /var/lib/fairweather
# The API, /metrics, /healthz and /readyz.
EXPOSE 9464
ENTRYPOINT ["/usr/local/bin/fairweather-monitor"]
# The installed default config (status page only), listening beyond the
# container's loopback; changes through the API need $FAIRWEATHER_API_TOKEN.
CMD ["--config", "/usr/local/etc/fairweather/fairweather.toml", "--listen", "0.0.0.0:9464", "--state-dir", "/var/lib/fairweather"]
