#!/bin/sh
# pia-meeting を、このフォルダの data/pia_meeting.db で開きます。
set -eu
cd "$(dirname "$0")"
if [ ! -x .venv/bin/pia-meeting ]; then
  echo "先に ./install.sh を実行してください。" >&2
  exit 1
fi
exec .venv/bin/pia-meeting --db data/pia_meeting.db "$@"
