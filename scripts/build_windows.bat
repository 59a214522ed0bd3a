@echo off
rem Build Soan Bao Cao for Windows in one command, from the project folder or anywhere:
rem
rem     scripts\build_windows.bat
rem
rem Needs: 64-bit Python 3.11 or newer from python.org (tick "Add python.exe to PATH") and
rem access to PyPI for the first run. Makes a private virtual environment (.venv-build),
rem builds dist\SoanBaoCao\ from build.spec, runs its self-test, and packs
rem dist\SoanBaoCao-<version>-windows.zip: the file to copy to the office PCs.
setlocal
cd /d "%~dp0.."

set "PY=python"
where py >nul 2>nul && set "PY=py -3"

echo [1/5] Moi truong Python rieng (.venv-build)
if not exist .venv-build\Scripts\python.exe (
    %PY% -m venv .venv-build || goto :fail
)
set "VPY=.venv-build\Scripts\python.exe"

echo [2/5] Cai thu vien (PySide6, docxtpl, sqlite-utils, ...) va PyInstaller
"%VPY%" -m pip install --quiet --upgrade pip || goto :fail
"%VPY%" -m pip install --quiet -e . "pyinstaller>=6.10" || goto :fail

echo [3/5] Dong goi theo build.spec
"%VPY%" -m PyInstaller build.spec --noconfirm --clean --distpath dist --workpath build || goto :fail

echo [4/5] Tu kiem tra ban dong goi
rem The app is a GUI program: "start /wait" waits for it and passes on its exit code.
start "" /wait dist\SoanBaoCao\SoanBaoCao.exe --self-test
if errorlevel 1 (
    type "%TEMP%\soanbaocao-selftest.log"
    echo Tu kiem tra KHONG DAT. Nhat ky: %TEMP%\soanbaocao-selftest.log
    goto :fail
)
echo Tu kiem tra dat. Nhat ky: %TEMP%\soanbaocao-selftest.log

echo [5/5] Nen thanh tep zip
for /f %%v in ('%VPY% -c "import desktop_app; print(desktop_app.__version__)"') do set "VERSION=%%v"
set "ZIP=dist\SoanBaoCao-%VERSION%-windows.zip"
powershell -NoProfile -Command "Compress-Archive -Path dist\SoanBaoCao -DestinationPath '%ZIP%' -Force" || goto :fail
echo.
echo Xong: thu muc dist\SoanBaoCao\ va tep %ZIP%
echo Chep tep zip sang may van phong, giai nen, chay SoanBaoCao\SoanBaoCao.exe
exit /b 0

:fail
echo.
echo Dong goi THAT BAI (xem thong bao o tren).
exit /b 1
