@echo off
chcp 65001 >nul
rem pia-meeting {version} を、このフォルダにインストールします(ネットワークは使いません)。
rem 前の版のキットを同じフォルダに上書きして実行すると、data フォルダはそのままで更新されます。
setlocal
cd /d "%~dp0"
set "PIP_NO_INDEX=1"
set "PIP_DISABLE_PIP_VERSION_CHECK=1"
set "PY="
for %%V in (3.13 3.12 3.11) do (
  if not defined PY (
    py -%%V -c "import sys" >nul 2>nul && set "PY=py -%%V"
  )
)
if not defined PY (
  python -c "import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] <= (3, 13) else 1)" >nul 2>nul && set "PY=python"
)
if not defined PY (
  echo Python 3.11、3.12 または 3.13 が見つかりません。
  echo 先に Python をインストールしてください(はじめにお読みください.txt の 2)。
  pause
  exit /b 1
)
echo Python: %PY%
%PY% -m venv .venv
if errorlevel 1 goto failed
".venv\Scripts\python.exe" -m pip install --no-index --find-links "%~dp0wheels" --upgrade pia-meeting
if errorlevel 1 goto failed
echo.
echo インストールが完了しました。pia-meeting.bat をダブルクリックすると起動します。
pause
exit /b 0

:failed
echo.
echo インストールできませんでした。上に表示された内容をヘルプデスクに伝えてください。
pause
exit /b 1
