#!/usr/bin/env bash
# SCRAM users and ACLs for deploy/kafka/docker-compose.sasl.yml, run by its kafka-setup container in the broker's
# network namespace (the broker's own PLAINTEXT listener on 127.0.0.1:29093, where ANONYMOUS is a super user).
# Idempotent. Each service may read the topics it consumes, write the topics it produces (and the dead-letter twins
# of what it consumes), use consumer groups named after itself, and create and configure Tillsync's topics (each
# service declares them at start-up: service-kit's topic creation).
set -euo pipefail
BIN=/opt/kafka/bin
BOOT=(--bootstrap-server 127.0.0.1:29093)
TOPICS=(webhooks.inbound catalog.changes platform.events poll.requests ops.alerts)

user() { # name password
    "$BIN/kafka-configs.sh" "${BOOT[@]}" --alter --entity-type users --entity-name "$1" \
        --add-config "SCRAM-SHA-512=[iterations=8192,password=$2]" >/dev/null
}
allow() { # principal, then kafka-acls resource and operation arguments
    local who=$1; shift
    "$BIN/kafka-acls.sh" "${BOOT[@]}" --add --allow-principal "User:$who" "$@" >/dev/null
}
acl() { # service reads... -- writes... ; group prefix = service name
    local service=$1; shift
    local mode=read topic
    allow "$service" --cluster --operation IdempotentWrite --operation Describe
    for topic in "${TOPICS[@]}"; do
        for t in "$topic" "$topic.dlt"; do
            allow "$service" --topic "$t" --operation Create --operation Describe --operation DescribeConfigs --operation AlterConfigs
        done
    done
    for topic in "$@"; do
        if [[ $topic == -- ]]; then mode=write; continue; fi
        if [[ $mode == read ]]; then
            allow "$service" --topic "$topic" --operation Read
            allow "$service" --topic "$topic.dlt" --operation Read --operation Write # dead letters and their replay
            allow "$service" --topic "$topic" --operation Write                      # dead-letter replay back onto it
        else
            allow "$service" --topic "$topic" --operation Write
        fi
    done
    allow "$service" --group "$service" --resource-pattern-type prefixed --operation Read --operation Describe
}

user admin "$KAFKA_ADMIN_PASSWORD"
user intake "$KAFKA_INTAKE_PASSWORD"
user sync "$KAFKA_SYNC_PASSWORD"
user delivery "$KAFKA_DELIVERY_PASSWORD"
user poller "$KAFKA_POLLER_PASSWORD"
user registry "$KAFKA_REGISTRY_PASSWORD"
user kafka-ui "$KAFKA_UI_KAFKA_PASSWORD"

#   service   reads                                               -- writes
acl intake                                                           -- webhooks.inbound ops.alerts
acl sync     webhooks.inbound catalog.changes poll.requests          -- catalog.changes platform.events ops.alerts poll.requests
acl delivery platform.events                                         -- ops.alerts
acl poller   poll.requests                                           -- catalog.changes ops.alerts poll.requests

# the registry keeps schemas in _schemas; Kafka UI reads everything, changes nothing (it runs read-only too)
allow registry --topic _schemas --operation All
allow registry --group schema-registry --resource-pattern-type prefixed --operation All
allow registry --cluster --operation Describe --operation Create
allow kafka-ui --topic '*' --operation Read --operation Describe --operation DescribeConfigs
allow kafka-ui --group '*' --operation Describe --operation Read
allow kafka-ui --cluster --operation Describe --operation DescribeConfigs
echo "sasl-acls: users and ACLs in place"
