#!/usr/bin/env bash
# Runs an image tarball from jib:buildTar without a container runtime, the way the Helm chart runs it: as the
# image's user, in its working directory, on a read-only root filesystem with a tmpfs on /tmp. A check for
# machines with no Docker (it shares the host's network: pick free ports).
#   sudo infra/images/run-image-tarball.sh api/target/pitcrew-api-image.tar PITCREW_PORT=18089
#   curl -s localhost:18089/actuator/health/readiness
# Arguments after the tarball are environment assignments. Needs root (unshare, mount, chroot) and jq.
set -euo pipefail
image="$1"; shift
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/oci" "$work/root"
tar -C "$work/oci" -xf "$image"
blob() { echo "$work/oci/blobs/sha256/${1#sha256:}"; }
manifest="$(blob "$(jq -r '.manifests[0].digest' "$work/oci/index.json")")"
for layer in $(jq -r '.layers[].digest' "$manifest"); do
  tar -C "$work/root" -xzf "$(blob "$layer")" 2>/dev/null
done
config="$(blob "$(jq -r '.config.digest' "$manifest")")"
user="$(jq -r '.config.User // "0"' "$config")"
workdir="$(jq -r '.config.WorkingDir // "/"' "$config")"
mapfile -t env < <(jq -r '.config.Env[]' "$config")
mapfile -t entrypoint < <(jq -r '.config.Entrypoint[]' "$config")
echo "running as $user in $workdir: ${entrypoint[*]}" >&2
unshare --mount bash -c '
  root="$1"; shift
  mount --bind "$root" "$root"
  mount -t proc proc "$root/proc"
  mount -t tmpfs tmpfs "$root/tmp"
  mount -o remount,bind,ro "$root"
  exec chroot "$@"' _ "$work/root" \
  --userspec="$user" "$work/root" /usr/bin/env -i -C "$workdir" "${env[@]}" "$@" "${entrypoint[@]}"
