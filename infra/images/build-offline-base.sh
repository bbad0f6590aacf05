#!/usr/bin/env bash
# Builds a JRE 21 base image as a tarball (docker-save format) from Debian's packages, for machines that reach
# Debian's archive but no container registry (air-gapped builders, restricted CI). Jib reads it with tar://, so
#   infra/images/build-offline-base.sh
#   ./mvnw -B -pl api,workers -am package jib:buildTar -DskipTests \
#       -Djib.from.image=tar://$PWD/target/offline-base/pitcrew-jre21-base.tar
# builds both Pitcrew images with neither a Docker daemon nor a registry. The release images use the pinned
# eclipse-temurin base from the parent pom instead; this one is the same idea (glibc + a JRE 21) from Debian trixie.
# Needs root (debootstrap and chroot) and the debootstrap package.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-target/offline-base}"
suite="${PITCREW_BASE_SUITE:-trixie}"
mirror="${PITCREW_BASE_MIRROR:-http://deb.debian.org/debian}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
rootfs="$work/rootfs"
trap 'umount "$rootfs/proc" 2>/dev/null || true; rm -rf "$work"' EXIT

debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log"; exit 1; }
mount -t proc proc "$rootfs/proc"
chroot "$rootfs" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  openjdk-21-jre-headless ca-certificates tzdata >"$work/apt.log" 2>&1 || { tail -20 "$work/apt.log"; exit 1; }
umount "$rootfs/proc"
# The user Pitcrew's images run as (65532, as distroless' "nonroot"): programs that look their user up (PostgreSQL's
# initdb in local mode) need it in /etc/passwd.
chroot "$rootfs" groupadd --gid 65532 nonroot
chroot "$rootfs" useradd --uid 65532 --gid 65532 --home-dir /tmp --no-create-home --shell /usr/sbin/nologin nonroot
# Nothing in the image installs packages at run time: drop the package tooling's caches and the docs.
chroot "$rootfs" apt-get clean
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/var/log/* \
  "$rootfs"/var/cache/debconf/*-old "$rootfs"/tmp/*
# /usr/bin/java is an absolute link through /etc/alternatives: resolve it inside the new root, not on this host.
java_home="$(dirname "$(dirname "$(chroot "$rootfs" readlink -f /usr/bin/java)")")"
[[ "$java_home" == *-21-* ]] || { echo "expected a JRE 21 in the base, found $java_home" >&2; exit 1; }

# One layer, then the two JSON files Jib's tar:// reader (and docker load) expect.
tar --numeric-owner --sort=name --mtime='2000-01-01 00:00Z' -C "$rootfs" -cf "$work/layer.tar" .
diff_id="sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
jq -n --arg diff "$diff_id" --arg jh "$java_home" --arg suite "$suite" '{
  architecture: "amd64", os: "linux",
  config: {
    Env: ["PATH=\($jh)/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "JAVA_HOME=\($jh)",
          "LANG=C.UTF-8"],
    Labels: {"org.opencontainers.image.description": "Debian \($suite) with openjdk-21-jre-headless (offline base)"}
  },
  rootfs: {type: "layers", diff_ids: [$diff]}
}' >"$work/config.json"
jq -n '[{Config: "config.json", RepoTags: ["pitcrew/offline-jre21-base:local"], Layers: ["layer.tar"]}]' \
  >"$work/manifest.json"
tar -C "$work" -cf "$out/pitcrew-jre21-base.tar" manifest.json config.json layer.tar
echo "$out/pitcrew-jre21-base.tar ($(du -h "$out/pitcrew-jre21-base.tar" | cut -f1), JAVA_HOME=$java_home)"
