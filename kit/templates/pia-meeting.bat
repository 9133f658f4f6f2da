@echo off
chcp 65001 >nul
rem pia-meeting を、このフォルダの data\pia_meeting.db で開きます。
setlocal
cd /d "%~dp0"
if not exist ".venv\Scripts\pia-meeting.exe" (
  echo 先に install.bat を実行してください。
  pause
  exit /b 1
)
".venv\Scripts\pia-meeting.exe" --db "data\pia_meeting.db" %*
