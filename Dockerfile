# The partnerd image: a static binary on a small base, run as a non-root
# user, its SQLite database in the volume /data.
#
#   docker build -t partnerd --build-arg VERSION=v1.2.3 --build-arg COMMIT=$(git rev-parse HEAD) .
#   docker run -p 8080:8080 -e PARTNERD_BOOTSTRAP_TOKEN=wrkaus-dev-token -v partnerd:/data partnerd

FROM docker.io/library/golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG COMMIT=
ARG BUILD_TIME=
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X github.com/partnerd/partnerd.Version=${VERSION} -X github.com/partnerd/partnerd.Commit=${COMMIT} -X main.buildTime=${BUILD_TIME}" \
      -o /out/partnerd ./cmd/partnerd \
 && /out/partnerd version

FROM docker.io/library/alpine:3
RUN apk add --no-cache ca-certificates \
 && adduser -D -H -u 10001 partnerd \
 && mkdir /data && chown partnerd /data
COPY --from=build /out/partnerd /usr/local/bin/partnerd
USER partnerd
WORKDIR /data
VOLUME /data
ENV PARTNERD_ADDR=0.0.0.0:8080 \
    PARTNERD_AGENT_ADDR=0.0.0.0:8443 \
    PARTNERD_DB=/data/partnerd.db
EXPOSE 8080 8443
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s \
  CMD wget -q -O /dev/null http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["partnerd"]
CMD ["serve"]
