#!/usr/bin/env bash
# The project's test command (README, .ci/run): installs and starts what the tests need, then runs every test.
# Needs the .NET 10 SDK and ../shared (the test model) beside this repository; tests never use the network.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -f ../shared/models/stories260K.gguf ]; then
  echo "test.sh: ../shared/models/stories260K.gguf is missing; the tests need ../shared beside the repository." >&2
  exit 1
fi

dotnet test Optimus.slnx "$@"
