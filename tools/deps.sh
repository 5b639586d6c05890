#!/usr/bin/env bash
# Installs what servesim needs on Debian 12 (bookworm), only what is missing.
# As root it runs apt-get; otherwise it prints the exact apt-get line and exits with 2.
set -euo pipefail

packages=(
  g++ cmake ninja-build git
  libboost-dev libyaml-cpp-dev libfmt-dev nlohmann-json3-dev libcli11-dev libeigen3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-matplotlib python3-numpy python3-pandas python3-scipy python3-yaml   # analysis/ figures, parm_validation.py
  libopenmpi-dev openmpi-bin   # MPI sweeps (mpirun -np P servesim sweep ...)
  libnlopt-dev                 # servesim calibrate: BOBYQA, Nelder-Mead, Sbplx (NLopt C API)
)
for option in "$@"; do
  case "$option" in
    # The test suite also trains a parity model for one epoch (models/parity/train_parity.py)
    # with Debian's PyTorch and scikit-learn's digits: `--tests` adds them (large: ~850 MB
    # installed), so the quick start does not pull them in.
    --tests) packages+=(python3-torch python3-sklearn) ;;
    # The libFuzzer harnesses (tools/fuzz.sh, tools/hardening.sh) need clang and its runtime.
    --fuzz) packages+=(clang-14 libclang-rt-14-dev) ;;
    --train) packages+=(python3-torch dataset-fashion-mnist) ;;  # models/parity/train_fmnist.py
    *) echo "usage: tools/deps.sh [--tests] [--fuzz] [--train]" >&2; exit 2 ;;
  esac
done

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  echo "servesim: installing missing packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "servesim: missing Debian packages. Run as root:" >&2
  echo "  sudo sh -c '$line'" >&2
  exit 2
fi
