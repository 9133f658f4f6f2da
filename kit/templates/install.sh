#!/bin/sh
# pia-meeting {version} を、このフォルダにインストールします(ネットワークは使いません)。
# 前の版のキットを同じフォルダに上書きして実行すると、data フォルダはそのままで更新されます。
set -eu
cd "$(dirname "$0")"
export PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] <= (3, 13) else 1)'
    then
      PYTHON=$candidate
      break
    fi
  done
fi
if [ -z "$PYTHON" ]; then
  echo "Python 3.11、3.12 または 3.13 が見つかりません。" >&2
  exit 1
fi
"$PYTHON" -m venv .venv
.venv/bin/python -m pip install --no-index --find-links "$(pwd)/wheels" --upgrade pia-meeting
echo "インストールが完了しました。./pia-meeting.sh で起動します。"
