# Sourced by tools/lock and tools/check-upgrades: puts uv on PATH from a scratch
# virtual environment of its own, so the developer's environment stays as the lock says.
UV_VERSION="0.13.9"
uv_env="${XDG_CACHE_HOME:-$HOME/.cache}/participatiemonitor/uv-$UV_VERSION"
if [ ! -x "$uv_env/bin/uv" ]; then
    python3 -m venv "$uv_env"
    "$uv_env/bin/python" -m pip install -q "uv==$UV_VERSION"
fi
UV="$uv_env/bin/uv"
# The locks are universal (every platform and Python the ranges admit, resolved as on 3.11,
# the oldest we support) and carry a hash for every file, so pip installs them with
# --require-hashes implied.
compile_locks() {
    local out_dir="$1"; shift
    "$UV" pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
        --no-header --quiet "$@" -o "$out_dir/run.txt"
    "$UV" pip compile pyproject.toml --extra test --universal --python-version 3.11 \
        --generate-hashes --no-header --quiet "$@" -o "$out_dir/test.txt"
}
